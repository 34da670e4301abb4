import { createUser, expect, loginAs, signIn, test } from '../src/fixtures';

test.describe('login', () => {
  test('a wrong password is refused with an alert', async ({ page, server }) => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page
      .getByRole('textbox', { name: 'Password', exact: true })
      .fill(`${server.adminPassword}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('wrong user name or password');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId('user-menu')).toHaveCount(0);
  });

  test('admin logs in and sees the header with the server status', async ({ page, server }) => {
    await loginAs(page, 'admin', server.adminPassword);
    await expect(page).toHaveURL(`${server.baseURL}/`);
    await expect(page.getByTestId('user-menu')).toContainText('admin');
    await expect(page.getByTestId('server-status')).toContainText('primary');
    await expect(page.getByTestId('socket-status')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();
  });

  test('sign out returns to the login page', async ({ page, server }) => {
    await loginAs(page, 'admin', server.adminPassword);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // The session is gone on the server too: the app sends us back to the login page.
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
  });

  test('a deep link while logged out goes to login and back after it', async ({ page, server }) => {
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await loginAs(page, 'admin', server.adminPassword);
    await expect(page).toHaveURL(`${server.baseURL}/admin/users`);
  });

  test('an analyst created through the API logs in, without the admin pages', async ({
    page,
    server,
  }) => {
    const analyst = await createUser(server, { role: 'analyst' });
    await loginAs(page, analyst.username, analyst.password);
    await expect(page.getByTestId('user-menu')).toContainText('analyst');
    await expect(page.getByTestId('server-status')).toContainText('primary');
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  });

  test('a session survives a server restart', async ({ page, server }) => {
    const viewer = await createUser(server, { role: 'viewer' });
    await signIn(page, server, viewer.username, viewer.password);
    await page.goto('/');
    await expect(page.getByTestId('user-menu')).toContainText(viewer.username);
    const before = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(before);
    await page.reload();
    await expect(page.getByTestId('user-menu')).toContainText(viewer.username);
    await expect(page.getByTestId('server-status')).toContainText('primary');
  });
});
