import { createUser, expect, signIn, test, uniqueName } from '../src/fixtures';

test.describe('connections', () => {
  test('an admin creates, edits and deletes a named connection; its password never reaches the page', async ({
    page,
    server,
    admin,
  }) => {
    const name = uniqueName('cache');
    const secret = `pw-${Date.now().toString(36)}`;
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/admin/connections');
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('textbox', { name: 'URL' }).fill(`redis://:${secret}@127.0.0.1:16379`);
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId(`connection-row-${name}`);
    await expect(row).toContainText('redis://:***@127.0.0.1:16379');
    await page.screenshot({ path: test.info().outputPath('connections.png') });
    expect(await page.content()).not.toContain(secret);

    // Editing keeps the *** (same host): the stored password stays.
    await row.getByRole('button', { name: 'Edit' }).click();
    await expect(dialog.getByRole('textbox', { name: 'URL' })).toHaveValue(
      'redis://:***@127.0.0.1:16379',
    );
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog).toBeHidden();

    // ... but not with another port: the form shows the server's problem at the URL.
    await row.getByRole('button', { name: 'Edit' }).click();
    await dialog.getByRole('textbox', { name: 'URL' }).fill('redis://:***@127.0.0.1:16380');
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog.getByRole('alert')).toContainText('$.settings.url');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const listed = await admin.client.connections.list.query();
    expect(JSON.stringify(listed)).not.toContain(secret);

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await expect(row).toHaveCount(0);
  });

  test('an analyst picks a named connection in the designer and sees no inline host fields', async ({
    page,
    server,
    admin,
  }) => {
    const connection = uniqueName('events');
    await admin.client.connections.save.mutate({
      kind: 'redis',
      name: connection,
      settings: { url: 'redis://127.0.0.1:16379' },
    });
    const dag = uniqueName('picker');
    await admin.client.dags.save.mutate({
      config: {
        name: dag,
        subscribers: [{ name: 'in_list', config: { source: `redis://list/${dag}` } }],
        nodes: [{ name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in_list' } }],
      },
    });
    const analyst = await createUser(server, { role: 'analyst' });
    await signIn(page, server, analyst.username, analyst.password);
    await page.goto(`/dags/${dag}`);
    await page.getByTestId('node-src').click();
    const panel = page.getByTestId('property-panel');
    await expect(panel.getByRole('combobox', { name: 'connection' })).toBeVisible();
    await expect(panel.getByRole('textbox', { name: 'url', exact: true })).toHaveCount(0);
    await panel.getByRole('combobox', { name: 'connection' }).click();
    await page.getByRole('option', { name: connection }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const saved = await admin.client.dags.get.query({ name: dag });
        return JSON.stringify(saved.config);
      })
      .toContain(`"connection":"${connection}"`);
  });
});
