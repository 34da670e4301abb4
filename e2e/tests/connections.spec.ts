import { expect, signIn, test, uniqueName } from '../src/fixtures';

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
});
