/**
 * Issue 12, the attacks that need a server with other settings: short sessions (expiry and
 * purge), a metrics token, a small login limit and COOKIE_SECURE=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sse, within } from './attack-clients';
import type { Database } from '../../src/store/database';
import { UserStore } from '../../src/store/users';
import {
  ADMIN_PASSWORD,
  createUserSession,
  linearDag,
  loginAs,
  startTestServer,
  type TestServer,
} from './harness';

const METRICS_TOKEN = 'metrics-token-for-the-tests';

describe('short sessions and a metrics token', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Sessions last 2 seconds; expired ones are purged every 300 ms.
    t = await startTestServer(
      'pglite',
      { SESSION_TTL_HOURS: String(2 / 3600), METRICS_TOKEN },
      { sessionPurgeMs: 300 },
    );
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    await admin.client.dags.save.mutate({ config: linearDag('short') });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finding 8: the SSE form of state.watch ends when the session expires', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const stream = await sse(t.url, 'state.watch', { dag: 'short' }, admin.cookie() as string);
    try {
      expect(stream.status).toBe(200);
      await within(stream.ended, 5000, 'the end of the SSE stream at expiry');
      expect(stream.text()).toContain('snapshot');
    } finally {
      stream.close();
    }
  }, 20_000);

  it('finding 21: expired sessions are purged from the store', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const id = decodeURIComponent((admin.cookie() as string).split('=')[1] ?? '');
    const count = async () =>
      Number(
        (
          await t.app.db.query<{ n: string | number }>(
            'SELECT count(*) AS n FROM sessions WHERE id = $1',
            [id],
          )
        )[0]?.n,
      );
    expect(await count()).toBe(1);
    const until = Date.now() + 5000;
    while ((await count()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(0);
  }, 20_000);

  it('finding 11: /metrics needs the token, and one render serves a second of scrapes', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const scrape = () =>
      fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then(
        async (r) => ({ status: r.status, text: await r.text() }),
      );
    // The uptime line changes on every render: twenty scrapes at once see one render.
    const scrapes = await Promise.all(Array.from({ length: 20 }, scrape));
    expect(scrapes.every((s) => s.status === 200)).toBe(true);
    expect(scrapes[0]?.text).toContain('flow_dag_state{dag="short",state="stopped"} 1');
    expect(new Set(scrapes.map((s) => s.text)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await scrape()).text).not.toBe(scrapes[0]?.text);
  });
});

describe('a small login limit and COOKIE_SECURE=true', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('pglite', { COOKIE_SECURE: 'true' }, { loginLimit: 3 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A login from `address` through fastify's inject; the tRPC error code, or OK. */
  const login = async (address: string, username: string, password = 'wrong-password') => {
    const response = await t.server.fastify.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      remoteAddress: address,
      headers: { 'content-type': 'application/json', 'x-flow-request': '1' },
      payload: JSON.stringify({ username, password }),
    });
    const body = response.json<{ error?: { data: { code: string } } }>();
    return { code: body.error?.data.code ?? 'OK', response };
  };

  it('finding 14: limits one user name tried from many addresses', async () => {
    const codes = [];
    for (let i = 1; i <= 5; i++) codes.push((await login(`10.0.0.${i}`, 'victim')).code);
    expect(codes).toEqual([
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
    const refused = await login('10.0.0.9', 'victim');
    expect(refused.response.statusCode).toBe(429);
    // Another name from a fresh address is not held back by the victim's limit.
    expect((await login('10.0.1.1', 'someone_else')).code).toBe('UNAUTHORIZED');
  });

  it('finding 14: limits many user names tried from one address, also inside one batch', async () => {
    const codes = [];
    for (let i = 1; i <= 4; i++) codes.push((await login('10.0.2.1', `name_${i}`)).code);
    expect(codes).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);
    // A batch of five logins counts five attempts, not one request.
    const batch = await t.server.fastify.inject({
      method: 'POST',
      url: `/trpc/${Array(5).fill('auth.login').join(',')}?batch=1`,
      remoteAddress: '10.0.3.1',
      headers: { 'content-type': 'application/json', 'x-flow-request': '1' },
      payload: JSON.stringify(
        Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, { username: `b${i}`, password: 'x' }])),
      ),
    });
    const results = batch.json<{ error?: { data: { code: string } } }[]>();
    // (Calls of one batch run at once and may all see the final count: at least the last two.)
    const tooMany = results.filter((r) => r.error?.data.code === 'TOO_MANY_REQUESTS');
    expect(tooMany.length).toBeGreaterThanOrEqual(2);
    expect(results.length).toBe(5);
    expect((await login('10.0.3.1', 'b_after')).code).toBe('TOO_MANY_REQUESTS');
  });

  it('finding 21: COOKIE_SECURE=true marks the session cookie Secure even over http', async () => {
    const { code, response } = await login('10.0.4.1', 'admin', ADMIN_PASSWORD);
    expect(code).toBe('OK');
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax; Secure/);
  });
});

describe('the last admin on PostgreSQL (real concurrent transactions)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('postgres');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finding 16: two admins demoting or disabling each other at once leave one enabled admin', async () => {
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const boss = await createUserSession(admin, t.url, {
      username: 'boss',
      password: 'long-enough-password',
      role: 'admin',
    });
    const users = await admin.client.users.list.query();
    const adminId = users.find((u) => u.username === 'admin')?.id ?? -1;
    const bossId = users.find((u) => u.username === 'boss')?.id ?? -1;
    // One admin demotes the other inside a transaction that stays open a moment; meanwhile the
    // other demotes the first, on another connection. It must wait, then be refused.
    for (const change of ['role', 'disabled'] as const) {
      let racing: Promise<unknown> | undefined;
      await t.app.db.transaction(async (tx) => {
        const inTx = new UserStore(tx as Database);
        expect(await inTx.setRole(adminId, 'analyst')).toMatchObject({ role: 'analyst' });
        racing =
          change === 'role'
            ? t.app.users.setRole(bossId, 'viewer')
            : t.app.users.setDisabled(bossId, true);
        await new Promise((r) => setTimeout(r, 300));
      });
      expect(await racing).toBe('last_admin');
      const enabledAdmins = (await t.app.users.list()).filter(
        (u) => u.role === 'admin' && !u.disabled,
      );
      expect(enabledAdmins.map((u) => u.username)).toEqual(['boss']);
      await t.app.db.query(`UPDATE users SET role = 'admin', disabled = false`);
    }
    admin.close();
    boss.close();
  });
});
