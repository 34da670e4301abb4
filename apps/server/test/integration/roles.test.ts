import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appRouter } from '../../src/trpc/router';
import {
  ADMIN_PASSWORD,
  linearDag,
  loginAs,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

type Role = 'viewer' | 'analyst' | 'admin';
type Caller = 'anonymous' | Role;

/** The least role each procedure needs (null: anyone), and an input to call it with. */
const matrix: Record<string, { role: Role | null; input?: unknown }> = {
  'auth.login': { role: null, input: { username: 'nobody', password: 'wrong-password' } },
  'auth.logout': { role: null },
  'auth.me': { role: null },
  'dags.list': { role: 'viewer' },
  'dags.get': { role: 'viewer', input: { name: 'matrix' } },
  'dags.history': { role: 'viewer', input: { name: 'matrix' } },
  'dags.details': { role: 'viewer', input: { name: 'matrix' } },
  'dags.validate': { role: 'analyst', input: { config: linearDag('matrix_check') } },
  'dags.save': { role: 'analyst', input: { config: linearDag('matrix') } },
  'dags.restore': { role: 'analyst', input: { name: 'matrix', version: 1 } },
  'dags.saveDraft': { role: 'analyst', input: { config: linearDag('matrix_draft') } },
  'dags.getDraft': { role: 'viewer', input: { name: 'matrix' } },
  'dags.drafts': { role: 'viewer' },
  'dags.delete': { role: 'admin', input: { name: 'matrix_gone' } },
  'dags.clone': { role: 'admin', input: { name: 'matrix', newName: 'matrix_copy' } },
  'dags.start': { role: 'admin', input: { name: 'matrix' } },
  'dags.stop': { role: 'admin', input: { name: 'matrix' } },
  'dags.suspend': { role: 'admin', input: { name: 'matrix' } },
  'dags.resume': { role: 'admin', input: { name: 'matrix' } },
  'dags.deploy': { role: 'admin', input: { name: 'matrix', version: 1 } },
  'catalog.list': { role: 'viewer' },
  'publish.send': { role: 'admin', input: { dag: 'matrix', node: 'src', message: { a: 1 } } },
  'server.status': { role: 'viewer' },
  'users.list': { role: 'admin' },
  'users.create': {
    role: 'admin',
    input: { username: 'matrix_user', password: 'long-enough-password', role: 'viewer' },
  },
  'users.setRole': { role: 'admin', input: { id: 999_999, role: 'viewer' } },
  'users.resetPassword': {
    role: 'admin',
    input: { id: 999_999, password: 'long-enough-password' },
  },
  'users.setDisabled': { role: 'admin', input: { id: 999_999, disabled: true } },
  'audit.list': { role: 'admin', input: { limit: 5 } },
  'state.watch': { role: 'viewer', input: { dag: 'matrix' } },
  'connections.list': { role: 'viewer' },
  'connections.save': {
    role: 'admin',
    input: { kind: 'redis', name: 'matrix_conn', settings: { url: 'redis://127.0.0.1:16379' } },
  },
  'connections.delete': { role: 'admin', input: { kind: 'redis', name: 'matrix_gone' } },
};

const rank: Record<Caller, number> = { anonymous: -1, viewer: 0, analyst: 1, admin: 2 };

for (const backend of ['pglite', 'postgres'] as const)
  describe(`roles on ${backend}`, () => {
    let t: TestServer;
    const sessions = new Map<Caller, Session | undefined>();
    beforeAll(async () => {
      t = await startTestServer(backend);
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      for (const role of ['viewer', 'analyst'] as const) {
        await admin.client.users.create.mutate({
          username: `the_${role}`,
          password: `${role}-password-1`,
          role,
        });
      }
      await admin.client.dags.save.mutate({ config: linearDag('matrix') });
      sessions.set('anonymous', undefined);
      sessions.set('admin', admin);
      for (const role of ['viewer', 'analyst'] as const)
        sessions.set(role, await loginAs(t.url, `the_${role}`, `${role}-password-1`));
    }, 60_000);
    afterAll(async () => {
      for (const s of sessions.values()) s?.close();
      await t?.close();
    });

    it('lists every procedure of the router in the matrix', () => {
      expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(matrix).sort());
    });

    async function call(caller: Caller, path: string, input: unknown): Promise<string> {
      const type = (
        appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>
      )[path]?._def.type;
      const cookie = sessions.get(caller)?.cookie();
      const headers: Record<string, string> = {
        'x-flow-request': '1',
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
      };
      if (type === 'subscription') {
        return new Promise((resolve) => {
          const ws = new WebSocket(`${t.url.replace('http', 'ws')}/trpc`, { headers });
          ws.on('unexpected-response', (_req, res) =>
            resolve(res.statusCode === 401 ? 'UNAUTHORIZED' : `HTTP ${res.statusCode}`),
          );
          ws.on('open', () =>
            ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path, input } })),
          );
          ws.on('message', (raw) => {
            const message = JSON.parse(String(raw)) as {
              error?: { data?: { code?: string } };
              result?: unknown;
            };
            resolve(message.error ? (message.error.data?.code ?? 'ERROR') : 'OK');
            ws.close();
          });
        });
      }
      const url = `${t.url}/trpc/${path}`;
      const response =
        type === 'query'
          ? await fetch(
              input === undefined
                ? url
                : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`,
              { headers },
            )
          : await fetch(url, {
              method: 'POST',
              headers,
              body: input === undefined ? undefined : JSON.stringify(input),
            });
      const body = (await response.json()) as { error?: { data?: { code?: string } } };
      return body.error ? (body.error.data?.code ?? 'ERROR') : 'OK';
    }

    for (const caller of ['anonymous', 'viewer', 'analyst', 'admin'] as Caller[]) {
      it(`lets ${caller} call exactly what its role allows`, async () => {
        const outcomes: Record<string, string> = {};
        const expected: Record<string, string> = {};
        for (const [path, { role, input }] of Object.entries(matrix)) {
          if (path === 'auth.logout') continue; // would end the session the other calls use
          const code = await call(caller, path, input);
          const allowed = role === null || rank[caller] >= rank[role];
          outcomes[path] = allowed
            ? code === 'UNAUTHORIZED' || code === 'FORBIDDEN'
              ? `refused: ${code}`
              : 'allowed'
            : code;
          expected[path] = allowed
            ? 'allowed'
            : caller === 'anonymous'
              ? 'UNAUTHORIZED'
              : 'FORBIDDEN';
          if (path === 'auth.login') outcomes[path] = expected[path] = 'allowed'; // wrong password: UNAUTHORIZED for everyone
        }
        expect(outcomes).toEqual(expected);
      }, 60_000);
    }
  });
