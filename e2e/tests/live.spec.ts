import type { Page } from '@playwright/test';
import { apiSession, createUser, expect, runningSumDag, signIn, test } from '../src/fixtures';

async function expectSum(page: Page, sum: number) {
  await expect(page.getByTestId('inspector-output')).toHaveAttribute(
    'data-json',
    new RegExp(`"sum":${sum}\\b`),
  );
}

test.describe('live view and roles', () => {
  test('an analyst sees no publish or start controls, and the server refuses them anyway', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'live');
    const analyst = await createUser(server, { role: 'analyst' });
    await signIn(page, server, analyst.username, analyst.password);

    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('live-calc')).toBeVisible();
    await expect(page.getByTestId('dag-state')).toHaveText('running');
    await expect(page.getByRole('button', { name: /^Publish to/ })).toHaveCount(0);
    for (const action of ['Start', 'Stop', 'Suspend', 'Resume'])
      await expect(page.getByRole('button', { name: action, exact: true })).toHaveCount(0);
    await page.getByTestId('node-src').click();
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.getByRole('button', { name: /Publish a test message/ })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('analyst-live.png') });

    // Analysts design and save.
    await page.goto(`/dags/${dag}`);
    await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();
    await expect(page.getByTestId('palette')).toBeVisible();

    await page.goto('/');
    await expect(page.getByTestId(`dag-row-${dag}`)).toBeVisible();
    await expect(page.getByRole('button', { name: `Stop ${dag}` })).toHaveCount(0);

    const api = await apiSession(server, analyst.username, analyst.password);
    await expect(
      api.client.publish.send.mutate({ dag, node: 'src', message: { a: 1, b: 2 } }),
    ).rejects.toThrow(/admin role/);
    await expect(api.client.dags.stop.mutate({ name: dag })).rejects.toThrow(/admin role/);
    expect((await admin.client.dags.list.query()).find((d) => d.name === dag)?.state).toBe(
      'running',
    );
  });

  test('a viewer sees no editing controls', async ({ page, server, admin }) => {
    const dag = await runningSumDag(admin, 'live');
    const viewer = await createUser(server, { role: 'viewer' });
    await signIn(page, server, viewer.username, viewer.password);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByTestId('node-calc')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expect(page.getByTestId('palette')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'New DAG' })).toHaveCount(0);
    await page.getByTestId('node-calc').click();
    await expect(
      page.getByTestId('property-panel').getByRole('textbox', { name: 'node name' }),
    ).toHaveAttribute('readonly');
    const api = await apiSession(server, viewer.username, viewer.password);
    const config = (await admin.client.dags.get.query({ name: dag })).config;
    await expect(api.client.dags.save.mutate({ config })).rejects.toThrow(/analyst role/);
  });

  test('an admin publishes from the inspector, pauses the view, and the live view reconnects after a server restart', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'live');
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');

    await page.getByTestId('node-src').click();
    await page.getByRole('button', { name: 'Publish a test message…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to src' });
    await dialog.getByRole('textbox', { name: 'Message (a JSON object)' }).fill('{"a": 1, "b": 2}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('node-calc').click();
    await expectSum(page, 3);

    // Paused, the view keeps what it showed while the DAG goes on; resumed, it catches up.
    await page.getByRole('button', { name: 'Pause view' }).click();
    await admin.client.publish.send.mutate({ dag, node: 'src', message: { a: 2, b: 2 } });
    await expect
      .poll(async () => {
        const details = await admin.client.dags.details.query({ name: dag });
        return details.nodes.find((n) => n.name === 'calc')?.output;
      })
      .toEqual(expect.objectContaining({ sum: 4 }));
    await page.waitForTimeout(500);
    await expectSum(page, 3);
    await page.getByRole('button', { name: 'Resume view' }).click();
    await expectSum(page, 4);

    const before = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(before);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open', {
      timeout: 30_000,
    });
    await admin.client.publish.send.mutate({ dag, node: 'src', message: { a: 5, b: 5 } });
    await expectSum(page, 10);
    await page.screenshot({ path: test.info().outputPath('reconnected.png') });
  });
});
