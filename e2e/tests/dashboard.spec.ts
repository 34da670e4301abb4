import { expect, signIn, test, uniqueName } from '../src/fixtures';

test.describe('dashboard', () => {
  test('an admin starts, clones with a window, stops and deletes DAGs from the dashboard', async ({
    page,
    server,
    admin,
  }) => {
    const name = uniqueName('dash');
    await admin.client.dags.save.mutate({
      config: {
        name,
        subscribers: [{ name: 'in_q', config: { source: `mem://queue/${name}` } }],
        nodes: [{ name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in_q' } }],
      },
    });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    const row = page.getByTestId(`dag-row-${name}`);
    await expect(row).toHaveAttribute('data-state', 'stopped');
    await expect(page.getByTestId('server-status')).toContainText('primary');

    await page.getByRole('button', { name: `Start ${name}` }).click();
    await expect(row).toHaveAttribute('data-state', 'running');

    const copy = `${name}_late`;
    await page.getByRole('button', { name: `Clone ${name}` }).click();
    const clone = page.getByRole('dialog');
    await clone.getByRole('textbox', { name: 'New name' }).fill(copy);
    await clone.getByRole('textbox', { name: 'Window start' }).fill('2200');
    await clone.getByRole('button', { name: 'Clone' }).click();
    await expect(clone.getByText('Give an end time too, or neither')).toBeVisible();
    await clone.getByRole('textbox', { name: 'Window end' }).fill('0600');
    await clone.getByRole('button', { name: 'Clone' }).click();
    await expect(clone).toBeHidden();
    const cloned = page.getByTestId(`dag-row-${copy}`);
    await expect(cloned).toContainText('22:00–06:00');
    await page.screenshot({ path: test.info().outputPath('dashboard.png') });

    await page.getByRole('button', { name: `Stop ${name}` }).click();
    await expect(row).toHaveAttribute('data-state', 'stopped');

    await page.getByRole('button', { name: `Delete ${copy}` }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText(copy);
    await confirm.getByRole('button', { name: 'Delete DAG' }).click();
    await expect(cloned).toHaveCount(0);
    expect((await admin.client.dags.list.query()).map((d) => d.name)).not.toContain(copy);
  });
});
