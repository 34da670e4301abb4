// The server's tRPC API over HTTP from the test process: set up data (users, DAGs) without the UI.
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@flow/server/router';

export const SESSION_COOKIE = 'flow_session';

export type Role = 'admin' | 'analyst' | 'viewer';

export interface ApiSession {
  /** The typed tRPC client, logged in (every call carries the session cookie and `x-flow-request`). */
  readonly client: TRPCClient<AppRouter>;
  readonly username: string;
  /** The value of the `flow_session` cookie. */
  readonly sessionId: string;
}

/** A tRPC client sending `cookie` (when given) and the CSRF header; `onCookie` sees Set-Cookie. */
export function apiClient(
  baseURL: string,
  cookie?: () => string | undefined,
  onCookie?: (value: string) => void,
): TRPCClient<AppRouter> {
  const cookieFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-flow-request', '1');
    const value = cookie?.();
    if (value) headers.set('cookie', `${SESSION_COOKIE}=${value}`);
    const response = await fetch(input, { ...init, headers });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (name?.trim() === SESSION_COOKIE) onCookie?.(rest.join('='));
    }
    return response;
  };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseURL}/trpc`, fetch: cookieFetch })],
  });
}

/**
 * Logs in through `auth.login`. Beware the server's login limit: 10 attempts a minute per address,
 * and every test talks from 127.0.0.1 (prefer `FlowServer`'s cached `session()`).
 */
export async function apiLogin(
  baseURL: string,
  username: string,
  password: string,
): Promise<ApiSession> {
  let sessionId: string | undefined;
  const client = apiClient(
    baseURL,
    () => sessionId,
    (value) => (sessionId = value || undefined),
  );
  try {
    await client.auth.login.mutate({ username, password });
  } catch (error) {
    if (error instanceof TRPCClientError)
      throw new Error(`API login of ${username} failed: ${error.message}`, { cause: error });
    throw error;
  }
  if (!sessionId) throw new Error(`API login of ${username}: no ${SESSION_COOKIE} cookie set`);
  return { client, username, sessionId };
}
