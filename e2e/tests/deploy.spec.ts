import type { Page } from '@playwright/test';
import {
  apiSession,
  createUser,
  expect,
  runningSumDag,
  signIn,
  test,
  type ApiSession,
} from '../src/fixtures';

/** What the running DAG computes from a test message: `sum` or `total`. */
async function computes(admin: ApiSession, dag: string, a: number): Promise<unknown> {
  await admin.client.publish.send.mutate({ dag, node: 'src', message: { a, b: 1 } });
  let output: unknown;
  await expect
    .poll(async () => {
      const details = await admin.client.dags.details.query({ name: dag });
      output = details.nodes.find((n) => n.name === 'calc')?.output;
      return JSON.stringify(output);
    })
    .toContain(String(a + 1));
  return output;
}

/** In the open designer: renames the calculator's output `sum` to `total`, and saves. */
async function saveWithOutputTotal(page: Page) {
  await page.getByTestId('node-calc').click();
  const output = page
    .getByTestId('property-panel')
    .getByRole('textbox', { name: 'output attribute' });
  await output.fill('total');
  await output.blur();
  await page.getByRole('button', { name: 'Save' }).click();
}

async function shoot(page: Page, name: string) {
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('save is not deploy', () => {
  test('an analyst saves a running DAG: it keeps running v1 until an admin applies v2 from the dashboard', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'deploy', { placed: true });
    const analyst = await createUser(server, { role: 'analyst' });
    await signIn(page, server, analyst.username, analyst.password);

    // The analyst renames the calculator's output and saves.
    await page.goto(`/dags/${dag}`);
    await saveWithOutputTotal(page);
    const notice = page.getByTestId('version-notice');
    await expect(notice).toHaveText(
      /Saved v2\. The DAG keeps running v1 until an admin applies it\./,
    );
    await expect(notice.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
    await expect(page.getByTestId('version-note')).toHaveText('running v1, latest v2');
    await shoot(page, 'analyst-saved');

    // Still v1 on the server: the sum is called `sum`.
    expect(await computes(admin, dag, 1)).toEqual({ sum: 2 });

    // Restoring asks first and says the new version is not deployed.
    await page.getByRole('button', { name: 'Version history' }).click();
    await page.getByRole('button', { name: 'Restore v1' }).click();
    await expect(page.getByTestId('restore-confirm')).toContainText(
      'new version, v3. It is not deployed',
    );
    await shoot(page, 'restore-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.keyboard.press('Escape');

    // Opened again later, the designer still says which version runs.
    await page.reload();
    await expect(notice).toHaveText(
      /Running v1\. The latest version, v2, runs once an admin applies it\./,
    );

    // The analyst's dashboard says it too, without an Apply.
    await page.goto('/');
    const row = page.getByTestId(`dag-row-${dag}`);
    await expect(row.getByTestId('version-note')).toHaveText('running v1, latest v2');
    await expect(row.getByRole('button', { name: /^Apply/ })).toHaveCount(0);

    // The admin applies v2 from the dashboard, after a confirm naming both versions.
    await page.context().clearCookies();
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    await expect(row.getByTestId('version-note')).toHaveText('running v1, latest v2');
    await shoot(page, 'dashboard-apply');
    await page.getByRole('button', { name: `Apply v2 to ${dag}` }).click();
    const confirm = page.getByRole('dialog', { name: `Apply v2 to ${dag}` });
    await expect(confirm).toContainText(`${dag} runs v1 now. Applying restarts it with v2`);
    await confirm.getByRole('button', { name: 'Apply v2' }).click();
    await expect(confirm).toBeHidden();
    await expect(row.getByTestId('version-note')).toHaveCount(0);
    await expect(row).toHaveAttribute('data-state', 'running');
    expect(await computes(admin, dag, 5)).toEqual({ total: 6 });
    const [summary] = (await admin.client.dags.list.query()).filter((d) => d.name === dag);
    expect([summary?.deployedVersion, summary?.latestVersion]).toEqual([2, 2]);
  });

  test('an admin who saves a running DAG applies it from the notice', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'deploy', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    await saveWithOutputTotal(page);
    const notice = page.getByTestId('version-notice');
    await expect(notice).toContainText('Saved v2. The DAG keeps running v1');
    await shoot(page, 'admin-saved');
    await notice.getByRole('button', { name: `Apply v2 to ${dag}` }).click();
    await page
      .getByRole('dialog', { name: `Apply v2 to ${dag}` })
      .getByRole('button', { name: 'Apply v2' })
      .click();
    await expect(notice).toHaveCount(0);
    await expect(page.getByTestId('version-note')).toHaveCount(0);
    await shoot(page, 'admin-applied');
    expect(await computes(admin, dag, 7)).toEqual({ total: 8 });
  });

  test('the live view draws the version that runs; the designer the latest', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'deploy', { placed: true });
    const analyst = await createUser(server, { role: 'analyst' });
    const api = await apiSession(server, analyst.username, analyst.password);
    const { config } = await api.client.dags.get.query({ name: dag });
    const renamed = JSON.parse(
      JSON.stringify(config).replaceAll('"calc"', '"adder"'),
    ) as typeof config;
    await api.client.dags.save.mutate({ config: renamed });

    const viewer = await createUser(server, { role: 'viewer' });
    await signIn(page, server, viewer.username, viewer.password);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('live-calc')).toBeVisible();
    await expect(page.getByTestId('node-adder')).toHaveCount(0);
    await page.getByText('Design', { exact: true }).click();
    await expect(page.getByTestId('node-adder')).toBeVisible();
    await expect(page.getByTestId('node-calc')).toHaveCount(0);
  });
});
