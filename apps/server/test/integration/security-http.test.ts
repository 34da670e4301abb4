/**
 * Issue 12, the HTTP side: each test is an attack on the server (bad input, odd upgrades, live
 * streams that outlive their session, too many subscriptions, login probing, the last admin,
 * headers and cookies) asserting the secure behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawTrpcSocket, rawUpgrade, sse, within } from './attack-clients';
import {
  ADMIN_PASSWORD,
  linearDag,
  loginAs,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

const JSON_CSRF = { 'content-type': 'application/json', 'x-flow-request': '1' };
const PASSWORD = 'long-enough-password';

type ErrorBody = {
  error: { message: string; data: { code: string; problems?: { path: string; code: string }[] } };
};

/** The tRPC error code of a rejected client call. */
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: { data?: { code?: string } }) => e.data?.code,
  );

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

describe('the HTTP server under attack', () => {
  let t: TestServer;
  let admin: Session;
  const cookies = new Map<string, string>();

  /** Creates a user (if new) and logs it in; returns its session. */
  async function user(name: string, role: 'viewer' | 'analyst' | 'admin' = 'viewer') {
    if (!cookies.has(name)) {
      await admin.client.users.create.mutate({ username: name, password: PASSWORD, role });
      cookies.set(name, '');
    }
    const session = await loginAs(t.url, name, PASSWORD);
    return session;
  }
  const idOf = async (name: string) =>
    (await admin.client.users.list.query()).find((u) => u.username === name)?.id ?? -1;

  beforeAll(async () => {
    t = await startTestServer('pglite', { TRUST_PROXY: 'true' });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    await admin.client.dags.save.mutate({ config: linearDag('sec') });
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    await t?.close();
  });

  describe('finding 9 and 18: bad input is a 400 naming the place, never a 500', () => {
    const post = (url: string, payload: string, cookie = '') =>
      t.server.fastify.inject({
        method: 'POST',
        url,
        headers: { ...JSON_CSRF, ...(cookie ? { cookie } : {}) },
        payload,
      });

    it('bad JSON, a bad batch and a GET with bad input JSON', async () => {
      for (const response of [
        await post('/trpc/auth.login', '{"username": '),
        await post('/trpc/auth.login?batch=1', '[1, 2]'),
        await t.server.fastify.inject({ method: 'GET', url: '/trpc/dags.get?input=%7Bbad' }),
      ]) {
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, response.body).toBeLessThan(500);
      }
      const body = (await post('/trpc/auth.login', '{"username": ')).json<ErrorBody>();
      expect(body.error.data).toMatchObject({
        code: 'BAD_REQUEST',
        problems: [{ path: '$', code: 'invalid_json' }],
      });
    });

    it('a short password and a bad role name their fields', async () => {
      const cookie = admin.cookie() as string;
      const response = await post(
        '/trpc/users.create',
        JSON.stringify({ username: 'shorty', password: 'short', role: 'king' }),
        cookie,
      );
      expect(response.statusCode).toBe(400);
      const problems = response.json<ErrorBody>().error.data.problems ?? [];
      expect(problems.map((p) => p.path).sort()).toEqual(['$.password', '$.role']);
    });

    it('a NUL character anywhere, or nesting past the limit, is refused with its path', async () => {
      const cookie = admin.cookie() as string;
      const nul = await post(
        '/trpc/publish.send',
        JSON.stringify({ dag: 'sec', node: 'src', message: { a: 'x\u0000y' } }),
        cookie,
      );
      expect(nul.statusCode).toBe(400);
      expect(nul.json<ErrorBody>().error.data.problems).toEqual([
        expect.objectContaining({ path: '$.message.a', code: 'invalid_character' }),
      ]);
      const deep = `${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const tooDeep = await post(
        '/trpc/publish.send',
        `{"dag":"sec","node":"src","message":${deep}}`,
        cookie,
      );
      expect(tooDeep.statusCode).toBe(400);
      expect(tooDeep.json<ErrorBody>().error.data.problems?.[0]?.code).toBe('too_deep');
      // An anonymous caller is refused the same way, before any session is looked at.
      const anonymous = await post('/trpc/auth.login', JSON.stringify({ username: 'a\u0000' }));
      expect(anonymous.statusCode).toBe(400);
    });
  });

  describe('finding 6: every refused websocket upgrade is answered and closed', () => {
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        t.server.fastify.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
      );

    it.each([
      ['Origin: null', { origin: 'null' }, 403],
      ['an Origin that is not a URL', { origin: 'not a url at all' }, 403],
      ['a cookie that is not percent-encoding', { cookie: 'flow_session=%' }, 401],
      ['no cookie', {}, 401],
    ])('%s', async (_name, headers: Record<string, string>, status) => {
      const before = await connections();
      expect(await rawUpgrade(t.url, headers)).toEqual({ status });
      const until = Date.now() + 2000;
      while ((await connections()) > before && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(await connections()).toBeLessThanOrEqual(before);
    });

    it('a cookie that is not percent-encoding is no session over HTTP either (not a 500)', async () => {
      const response = await t.server.fastify.inject({
        method: 'GET',
        url: '/trpc/auth.me',
        headers: { cookie: 'flow_session=%E0%A4%A' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ result: { data: null } });
    });
  });

  describe('finding 8: the SSE form of state.watch ends with its session', () => {
    const watchUntilEnd = async (who: Session, end: () => Promise<unknown>) => {
      const stream = await sse(t.url, 'state.watch', { dag: 'sec' }, who.cookie() as string);
      expect(stream.status).toBe(200);
      const until = Date.now() + 5000;
      while (!stream.text().includes('snapshot') && Date.now() < until)
        await new Promise((r) => setTimeout(r, 25));
      expect(stream.text()).toContain('snapshot');
      await end();
      try {
        await within(stream.ended, 3000, 'the end of the SSE stream');
      } finally {
        stream.close();
      }
    };

    it('when the user is disabled', async () => {
      const viewer = await user('sse_disabled');
      const id = await idOf('sse_disabled');
      await watchUntilEnd(viewer, () =>
        admin.client.users.setDisabled.mutate({ id, disabled: true }),
      );
    });

    it('when the user logs out', async () => {
      const viewer = await user('sse_logout');
      const cookie = viewer.cookie() as string;
      await watchUntilEnd(viewer, () => viewer.client.auth.logout.mutate());
      // And the next one is refused.
      const again = await sse(t.url, 'state.watch', { dag: 'sec' }, cookie);
      await within(again.ended, 3000, 'the refusal');
      expect(again.text()).toMatch(/UNAUTHORIZED|log in first/);
    });

    it('when an admin resets the password', async () => {
      const viewer = await user('sse_reset');
      const id = await idOf('sse_reset');
      await watchUntilEnd(viewer, () =>
        admin.client.users.resetPassword.mutate({ id, password: 'another-long-password' }),
      );
    });
  });

  describe('finding 13: subscriptions per session are capped', () => {
    it('refuses the 21st (websocket or SSE) and frees the slot of a closed one', async () => {
      const viewer = await user('greedy');
      const cookie = viewer.cookie() as string;
      const socket = await rawTrpcSocket(t.url, cookie);
      try {
        for (let id = 1; id <= 21; id++) socket.subscribe(id, 'state.watch', { dag: 'sec' });
        const gotData = (id: number) => socket.byId.get(id)?.some((m) => m.type === 'data');
        const refused = (id: number) =>
          socket.byId.get(id)?.some((m) => m.code === 'TOO_MANY_REQUESTS');
        await socket.until(() => refused(21) === true);
        await socket.until(() => [...Array(20).keys()].every((i) => gotData(i + 1)));
        expect(gotData(21)).toBeFalsy();
        // The same session over SSE is refused too.
        const stream = await sse(t.url, 'state.watch', { dag: 'sec' }, cookie);
        await within(stream.ended, 3000, 'the refusal over SSE');
        expect(stream.text()).toContain('TOO_MANY_REQUESTS');
        // Closing one frees its slot.
        socket.stop(1);
        await new Promise((r) => setTimeout(r, 200));
        socket.subscribe(22, 'state.watch', { dag: 'sec' });
        await socket.until(() => gotData(22) === true);
        expect(t.server.services.sockets.subscriptionCount(sessionIdOf(cookie))).toBe(20);
      } finally {
        socket.ws.close();
      }
      // Every slot comes back when the socket goes.
      const until = Date.now() + 3000;
      while (t.server.services.sockets.subscriptionCount(sessionIdOf(cookie)) > 0) {
        if (Date.now() > until) throw new Error('the slots were not freed');
        await new Promise((r) => setTimeout(r, 25));
      }
    });
  });

  describe('finding 14: login does not tell whether a user exists', () => {
    it('an unknown user costs a password verify, like a known one', async () => {
      await user('timed');
      const time = async (username: string) => {
        const started = performance.now();
        expect(
          await codeOf(
            loginAs(t.url, username, 'wrong-password-here').then((s) => s.client.auth.me.query()),
          ),
        ).toBe('UNAUTHORIZED');
        return performance.now() - started;
      };
      await time('timed'); // warm-up
      await time('nobody_at_all');
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time('timed'));
        unknown.push(await time(`nobody_${i}`));
      }
      const ratio = median(unknown) / median(known);
      expect(ratio, `known ${known.join(', ')}; unknown ${unknown.join(', ')}`).toBeGreaterThan(
        0.5,
      );
      expect(ratio).toBeLessThan(2);
    });
  });

  describe('finding 16: the last enabled admin stays', () => {
    it('an admin cannot demote itself when it is the only one', async () => {
      const id = await idOf('admin');
      await expect(admin.client.users.setRole.mutate({ id, role: 'viewer' })).rejects.toThrow(
        /no enabled admin/,
      );
      expect(await codeOf(admin.client.users.setRole.mutate({ id, role: 'analyst' }))).toBe(
        'BAD_REQUEST',
      );
      expect((await admin.client.users.list.query()).find((u) => u.id === id)?.role).toBe('admin');
    });

    it('two admins demoting each other at once leave one admin', async () => {
      const boss = await user('boss', 'admin');
      const adminId = await idOf('admin');
      const bossId = await idOf('boss');
      const results = await Promise.all([
        codeOf(admin.client.users.setRole.mutate({ id: bossId, role: 'viewer' })),
        codeOf(boss.client.users.setRole.mutate({ id: adminId, role: 'viewer' })),
      ]);
      const admins = (await t.app.users.list()).filter((u) => u.role === 'admin' && !u.disabled);
      expect(admins.length).toBeGreaterThanOrEqual(1);
      expect(results.filter((r) => r === 'OK').length).toBeLessThanOrEqual(1);
      // Put the roles back for the tests after.
      await t.app.users.setRole(adminId, 'admin');
      await t.app.users.setDisabled(bossId, true);
    });
  });

  describe('finding 21: headers and cookies', () => {
    it('sends a CSP the app passes, frame-ancestors none, DENY and nosniff', async () => {
      const response = await fetch(`${t.url}/healthz`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('COOKIE_SECURE=auto marks the cookie Secure when the (trusted) proxy says https', async () => {
      const login = (headers: Record<string, string>) =>
        t.server.fastify.inject({
          method: 'POST',
          url: '/trpc/auth.login',
          headers: { ...JSON_CSRF, ...headers },
          payload: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
        });
      const overHttps = await login({ 'x-forwarded-proto': 'https' });
      expect(String(overHttps.headers['set-cookie'])).toMatch(/; Secure/);
      const overHttp = await login({});
      expect(String(overHttp.headers['set-cookie'])).not.toMatch(/Secure/);
    });
  });
});

/** The session id in a `flow_session=...` cookie pair. */
function sessionIdOf(cookie: string): string {
  return decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
}
