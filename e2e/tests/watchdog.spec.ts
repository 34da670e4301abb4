// The watchdog as an admin sees it: a compute stuck in an endless loop fails its DAG (not the
// server), the dashboard says which node and which limit, and a Start runs the DAG again.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, runningSumDag, signIn, test, uniqueName } from '../src/fixtures';

const PLUGINS = fileURLToPath(new URL('../fixtures/plugins', import.meta.url));

// Its own server: the spinner plugin loaded, and two workers whatever the machine's cores.
test.use({ serverEnv: { PLUGIN_FOLDER: PLUGINS, DAG_WORKERS: '2' } });

/** Screenshots of the dashboard at 1440 and 1024 wide, light and dark, for a look by eye. */
async function shoot(page: Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`${label}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('watchdog', () => {
  test('a stuck compute fails its DAG with the node and the limit; an admin starts it again', async ({
    page,
    server,
    admin,
  }) => {
    const name = uniqueName('spin');
    await admin.client.dags.save.mutate({
      config: {
        name,
        description: 'Spins forever on {"spin": true}',
        compute_timeout_ms: 1000,
        subscribers: [{ name: 'in_q', config: { source: `mem://queue/${name}_in` } }],
        calculators: [{ name: 'spin', type: 'SpinCalculator', config: {} }],
        nodes: [
          { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in_q' } },
          { name: 'spinner', type: 'CalculationNode', config: { calculator: 'spin' } },
        ],
        edges: [{ from: 'src', to: 'spinner' }],
      },
    });
    await admin.client.dags.start.mutate({ name });
    // A healthy DAG beside it: it keeps running whatever happens to the spinner.
    const calm = await runningSumDag(admin, 'calm');
    await signIn(page, server, 'admin', server.adminPassword);

    await page.goto('/');
    const row = page.getByTestId(`dag-row-${name}`);
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(row.getByTestId('dag-worker')).toHaveText(/^W[12]$/);
    const workers = page.getByTestId('workers');
    await expect(workers.getByTestId(/^worker-\d+$/)).toHaveCount(2);
    await expect(workers.getByTestId('worker-restarts').first()).toHaveText('no restarts');
    await expect(page.getByTestId('summary-failed')).toContainText('0');

    // The admin sends the message that makes the compute spin, from the live view's inspector.
    await page.goto(`/dags/${name}/live`);
    await page.getByTestId('node-src').click();
    await page.getByRole('button', { name: 'Publish a test message…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to src' });
    await dialog.getByRole('textbox', { name: 'Message (a JSON object)' }).fill('{"spin": true}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();

    // The live view: the state badge turns red, the stuck node holds the error like any node error.
    await expect(page.getByTestId('dag-state')).toHaveText('failed');
    await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeVisible();
    await page.getByTestId('node-spinner').click();
    await expect(page.getByTestId('inspector-error').first()).toContainText(
      'node "spinner" ran longer than compute_timeout_ms (1000 ms)',
    );
    await page.screenshot({ path: test.info().outputPath('live-failed.png') });

    // The dashboard: failed in red, why under its name, counted, and the worker's restart shown.
    await page.goto('/');
    await expect(row).toHaveAttribute('data-state', 'failed');
    await expect(row.getByTestId('dag-state')).toHaveText('failed');
    const failure = row.getByTestId('dag-failure');
    await expect(failure).toBeVisible();
    await expect(failure).toContainText('node "spinner"');
    await expect(failure).toContainText('compute_timeout_ms (1000 ms)');
    await expect(page.getByTestId('summary-failed')).toContainText('1');
    await expect(workers.getByText('1 restart')).toBeVisible();
    await expect(page.getByTestId(`dag-row-${calm}`)).toHaveAttribute('data-state', 'running');
    // Failed is like stopped for an admin: Start, no Stop.
    await expect(page.getByRole('button', { name: `Stop ${name}` })).toHaveCount(0);
    await shoot(page, 'dashboard-failed');

    await page.getByRole('button', { name: `Start ${name}` }).click();
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(row.getByTestId('dag-failure')).toHaveCount(0);
    await expect(page.getByTestId('summary-failed')).toContainText('0');

    // It runs again: an ordinary message goes through the node that was stuck, and the message
    // that made it spin does not come back to fail it again.
    await admin.client.publish.send.mutate({ dag: name, node: 'src', message: { n: 7 } });
    await expect
      .poll(async () => {
        const details = await admin.client.dags.details.query({ name });
        return details.nodes.find((n) => n.name === 'spinner')?.output;
      })
      .toEqual(expect.objectContaining({ n: 7, turns: 0 }));
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(workers.getByText('1 restart')).toBeVisible();
    await shoot(page, 'dashboard-restarted');
  });
});
