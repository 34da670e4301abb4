// Helpers for specs: users through the API, logging in through the UI or with an API session.
import { expect, type Page } from '@playwright/test';
import { apiLogin, SESSION_COOKIE, type ApiSession, type Role } from './api';
import { ADMIN_PASSWORD, type FlowServer } from './server';

let counter = 0;

/** A user name no other test of this run uses: `prefix` + a counter + the pid. */
export function uniqueName(prefix = 'user'): string {
  counter++;
  return `${prefix}${counter}p${process.pid}`;
}

// Logins are limited to 10 a minute per address: one API session per user and server, reused
// (sessions live in the database, so they survive `server.restart()`).
const sessions = new WeakMap<FlowServer, Map<string, Promise<ApiSession>>>();

/** A logged-in API session for this user on this server, cached (and renewed if it was logged out). */
export async function apiSession(
  server: FlowServer,
  username: string,
  password: string,
): Promise<ApiSession> {
  let byUser = sessions.get(server);
  if (!byUser) sessions.set(server, (byUser = new Map()));
  const key = `${username}\n${password}`;
  const cached = byUser.get(key);
  if (cached) {
    const session = await cached.catch(() => undefined);
    if (session && (await session.client.auth.me.query()) !== null) return session;
  }
  const fresh = apiLogin(server.baseURL, username, password);
  byUser.set(key, fresh);
  fresh.catch(() => byUser.delete(key));
  return fresh;
}

/** The admin's API session (cached). */
export function adminSession(server: FlowServer): Promise<ApiSession> {
  return apiSession(server, 'admin', ADMIN_PASSWORD);
}

export interface CreatedUser {
  readonly id: number;
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

/** Creates a user through the API as admin (`users.create`); name and password made up if not given. */
export async function createUser(
  server: FlowServer,
  user: { role: Role; username?: string; password?: string },
): Promise<CreatedUser> {
  const username = user.username ?? uniqueName(user.role);
  const password = user.password ?? `${username}-password`;
  const admin = await adminSession(server);
  const created = await admin.client.users.create.mutate({ username, password, role: user.role });
  return { id: created.id, username, password, role: user.role };
}

/**
 * Logs in through the login page (going to /login first unless the page is already there, e.g.
 * after a redirect) and waits for the header's user menu. Throws with the page's alert if refused.
 * Counts against the login limit (10 a minute): use `signIn` when the login itself is not tested.
 */
export async function loginAs(page: Page, username: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByRole('textbox', { name: 'User name' }).fill(username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const menu = page.getByTestId('user-menu');
  const alert = page.locator('form [role="alert"]');
  await expect(menu.or(alert)).toBeVisible();
  if (await alert.isVisible())
    throw new Error(`login of ${username} refused: ${await alert.innerText()}`);
  await expect(menu).toContainText(username);
}

/** Puts a (cached) API session's cookie into the page's browser context: logged in, no UI login. */
export async function signIn(
  page: Page,
  server: FlowServer,
  username: string,
  password: string,
): Promise<void> {
  const session = await apiSession(server, username, password);
  await page
    .context()
    .addCookies([
      { name: SESSION_COOKIE, value: session.sessionId, url: server.baseURL, httpOnly: true },
    ]);
}
