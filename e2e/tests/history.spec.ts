// Issue 18: History. A diff between two saved versions (nodes, config changes per node and
// component, edges, settings); restoring asks first, naming the version, what it replaces and
// that it is saved as a new version, not deployed; saving a running DAG says it is not deployed.
import { expect, runningSumDag, signIn, test, type ApiSession } from '../src/fixtures';
import { screens } from '../src/screens';

/** v2 of a runningSumDag: node calc uses another calculator, and a node `audit` is added. */
async function saveV2(admin: ApiSession, name: string) {
  const v1 = (await admin.client.dags.get.query({ name })).config as Record<string, unknown> & {
    calculators: unknown[];
    nodes: { name: string; config: Record<string, unknown> }[];
    edges: unknown[];
  };
  await admin.client.dags.save.mutate({
    comment: 'total instead of sum, and an audit copy',
    config: {
      ...v1,
      calculators: [
        ...v1.calculators,
        {
          name: 'total',
          type: 'AdditionCalculator',
          config: { arguments: ['a', 'b'], output_attribute: 'total' },
        },
      ],
      nodes: [
        ...v1.nodes.map((n) =>
          n.name === 'calc' ? { ...n, config: { ...n.config, calculator: 'total' } } : n,
        ),
        { name: 'audit', type: 'PublicationNode', config: { publishers: ['out_q'] } },
      ],
      edges: [...v1.edges, { from: 'calc', to: 'audit' }],
    },
  });
}

test.describe('history (issue 18)', () => {
  test('the diff between two versions shows the node added and the config changed', async ({
    page,
    server,
    admin,
  }) => {
    const name = await runningSumDag(admin, 'diffed', { placed: true });
    await saveV2(admin, name);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}`);
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Changes since v1' }).click();
    const dialog = page.getByRole('dialog', { name: `Changes in ${name}` });
    await expect(dialog).toBeVisible();
    const audit = dialog.getByTestId('diff-node-audit');
    await expect(audit).toContainText('added');
    await expect(audit).toContainText('PublicationNode');
    const calc = dialog.getByTestId('diff-node-calc');
    await expect(calc).toContainText('changed');
    await expect(calc.getByTestId('change-config.calculator')).toContainText('add');
    await expect(calc.getByTestId('change-config.calculator')).toContainText('total');
    await expect(dialog.getByTestId('diff-calculator-total')).toContainText('added');
    await expect(dialog.getByTestId('diff-edge-calc → audit')).toContainText('added');
    await expect(dialog.getByTestId('diff-node-src')).toHaveCount(0);
    await screens(page, 'version-diff');

    // Either side can be changed: v2 against itself is no change at all.
    await dialog.getByTestId('diff-from').click();
    await page.getByRole('option', { name: 'v2' }).click();
    await expect(dialog.getByTestId('diff-same')).toHaveText('The two versions are the same.');
  });

  test('restoring asks first, naming the version, what it replaces and that it is not deployed', async ({
    page,
    server,
    admin,
  }) => {
    const name = await runningSumDag(admin, 'restored', { placed: true });
    await saveV2(admin, name);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}`);
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Restore v1' }).click();
    const confirm = page.getByTestId('restore-confirm');
    await expect(confirm).toContainText('Restore v1?');
    await expect(confirm).toContainText('replaces v2, the latest version');
    await expect(confirm).toContainText('new version, v3');
    await expect(confirm).toContainText('It is not deployed');
    await screens(page, 'restore-confirm');
    // Cancel restores nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await admin.client.dags.history.query({ name })).length).toBe(2);
    await page.getByRole('button', { name: 'Restore v1' }).click();
    await page.getByRole('button', { name: 'Restore as a new version' }).click();
    await expect(page.getByTestId('version-notice')).toContainText('v1');
    expect((await admin.client.dags.history.query({ name })).length).toBe(3);
    // Still running v1: nothing was deployed.
    const listed = (await admin.client.dags.list.query()).find((d) => d.name === name);
    expect(listed?.deployedVersion).toBe(1);
  });

  test('saving a running DAG says before and after that the running version stays', async ({
    page,
    server,
    admin,
  }) => {
    const name = await runningSumDag(admin, 'saved', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}`);
    await expect(page.getByTestId('node-calc')).toBeVisible();
    await page.getByTestId('node-sink').click();
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: 'Save' }).hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'v2 is not deployed by saving: the DAG keeps running v1',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    const notice = page.getByTestId('version-notice');
    await expect(notice).toContainText('Saved v2. The DAG keeps running v1');
    await expect(notice.getByRole('button', { name: 'Apply v2' })).toBeVisible();
    await screens(page, 'saved-running');
  });
});
