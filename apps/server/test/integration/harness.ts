import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '@flow/shared';
import {
  createTRPCClient,
  createWSClient,
  httpLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import { FlowApp } from '../../src/app';
import { readSettings } from '../../src/config/env';
import { buildServer, type FlowServer } from '../../src/server';
import type { AppRouter } from '../../src/trpc/router';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const POSTGRES_URL =
  process.env.FLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:15432/flow_test';

export type Backend = 'pglite' | 'postgres';

/** A fresh, empty database on the services' PostgreSQL, dropped by `drop`. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `flow_srv_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  readonly url: string;
  readonly server: FlowServer;
  readonly app: FlowApp;
  close(): Promise<void>;
}

export async function startTestServer(
  backend: Backend,
  env: Record<string, string> = {},
  options: Parameters<typeof buildServer>[2] = {},
): Promise<TestServer> {
  const database = backend === 'postgres' ? await freshPostgresDatabase() : undefined;
  const settings = readSettings(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flow-server-')),
      ADMIN_PASSWORD,
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.url } : {}),
      ...env,
    },
    () => '{}',
  );
  const logger = pino({ level: 'silent' });
  const app = await FlowApp.open(settings, logger);
  const server = await buildServer(app, logger, { loginLimit: 1000, ...options });
  await server.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = server.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    app,
    async close() {
      await server.close();
      await app.close();
      await database?.drop();
    },
  };
}

export interface Session {
  readonly client: TRPCClient<AppRouter>;
  readonly cookie: () => string | undefined;
  /** Closes the websocket client. */
  close(): void;
  readonly ws: ReturnType<typeof createWSClient>;
}

/** A tRPC client with its own cookie jar: HTTP for queries and mutations, websocket for subscriptions. */
export function connect(baseUrl: string, options: { csrf?: boolean } = {}): Session {
  let cookie: string | undefined;
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    if (options.csrf !== false) headers.set('x-flow-request', '1');
    const response = await fetch(input, { ...init, headers });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      cookie = pair?.endsWith('=') ? undefined : pair;
    }
    return response;
  };
  const ws = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    lazy: { enabled: true, closeMs: 0 },
    retryDelayMs: () => 200,
    WebSocket: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: cookie ? { cookie } : {} });
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: ws }),
        false: httpLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies }),
      }),
    ],
  });
  return { client, cookie: () => cookie, ws, close: () => void ws.close() };
}

export async function loginAs(
  baseUrl: string,
  username: string,
  password: string,
): Promise<Session> {
  const session = connect(baseUrl);
  await session.client.auth.login.mutate({ username, password });
  return session;
}

/** The tRPC error code a call was refused with; undefined when it succeeded. Other errors are rethrown. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return (error.data as { code?: string } | undefined)?.code;
    throw error;
  }
}

/**
 * The problems a call was refused with as a bad request (400). Fails when the call succeeded or
 * was refused otherwise; other errors are rethrown.
 */
export async function problemsOf(call: Promise<unknown>): Promise<Problem[]> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code?: string; problems?: Problem[] } | undefined;
    if (data?.code !== 'BAD_REQUEST')
      throw new Error(`expected a bad request, got ${String(data?.code)}: ${error.message}`);
    return data.problems ?? [];
  }
  throw new Error('expected the call to be refused');
}

/** Creates a user as `admin` (`users.create`) and returns that user's logged-in session. */
export async function createUserSession(
  admin: Session,
  baseUrl: string,
  user: Parameters<Session['client']['users']['create']['mutate']>[0],
): Promise<Session> {
  await admin.client.users.create.mutate(user);
  return loginAs(baseUrl, user.username, user.password);
}

export const linearDag = (name: string, input = `${name}_in`, output = `${name}_out`) => ({
  name,
  subscribers: [{ name: 'in', config: { source: `mem://queue/${input}` } }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${output}` } }],
  calculators: [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
});
