import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, linearDag, loginAs, startTestServer, type TestServer } from './harness';

/** Opens a raw tRPC websocket with the session's cookie and watches a DAG; resolves with the close code. */
function watch(url: string, cookie: string): { closed: Promise<number>; opened: Promise<void> } {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/trpc`, { headers: { cookie } });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.send(
        JSON.stringify({
          id: 1,
          method: 'subscription',
          params: { path: 'state.watch', input: { dag: 'sessions' } },
        }),
      );
      resolve();
    });
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { closed, opened };
}

describe('sessions', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Sessions last 2 seconds here.
    t = await startTestServer('pglite', { SESSION_TTL_HOURS: String(2 / 3600) });
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    await admin.client.dags.save.mutate({ config: linearDag('sessions') });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('closes the websocket when the session expires, and refuses the next upgrade', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const cookie = admin.cookie() as string;
    const socket = watch(t.url, cookie);
    await socket.opened;
    const started = Date.now();
    expect(await socket.closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(watch(t.url, cookie).opened).rejects.toThrow(/401/);
    expect(await admin.client.auth.me.query()).toBeNull();
  }, 20_000);

  it('closes the websocket at logout', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const socket = watch(t.url, admin.cookie() as string);
    await socket.opened;
    await admin.client.auth.logout.mutate();
    expect(await socket.closed).toBe(4401);
  });

  it('refuses a websocket from another site', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/trpc`, {
      headers: { cookie: admin.cookie() as string, origin: 'https://evil.example' },
    });
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('open', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });

  it('rate-limits logins per address', async () => {
    const limited = await startTestServer('pglite', {}, { loginLimit: 10 });
    try {
      const { connect } = await import('./harness');
      const anon = connect(limited.url);
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push(
          await anon.client.auth.login.mutate({ username: 'admin', password: 'wrong' }).then(
            () => 'OK',
            (e: { data?: { code?: string } }) => e.data?.code,
          ),
        );
      }
      expect(codes.slice(0, 10).every((c) => c === 'UNAUTHORIZED')).toBe(true);
      expect(codes.slice(10)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    } finally {
      await limited.close();
    }
  }, 30_000);
});
