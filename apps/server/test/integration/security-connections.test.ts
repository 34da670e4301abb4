import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createUserSession,
  loginAs,
  problemsOf,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

const REDIS_PORT = 16379;
const STORED_PASSWORD = `stored-${randomBytes(6).toString('hex')}`;

/** A TCP listener on loopback that records every byte it receives: the attacker's "server". */
async function listener(): Promise<{
  port: number;
  received: () => string;
  connections: () => number;
  close: () => Promise<void>;
}> {
  let data = '';
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received: () => data,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}

/** One Redis command over a plain socket (the test Redis has no password). */
function redis(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: REDIS_PORT });
    let reply = '';
    socket.setTimeout(3000, () => socket.destroy(new Error('redis timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (/\r\n$/.test(reply) && !/^\$\d+\r\n$/.test(reply)) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await sleep(100);
  }
}

interface TestDag {
  name: string;
  description?: string;
  subscribers: { name: string; config: Record<string, unknown> & { source: string } }[];
  publishers: { name: string; config: Record<string, unknown> & { destination: string } }[];
  nodes: { name: string; type: string; config: Record<string, unknown> }[];
  edges: { from: string; to: string }[];
}

/** mem source -> redis list publisher with the given publisher config. */
const redisOutDag = (name: string, publisher: Record<string, unknown>): TestDag => ({
  name,
  subscribers: [{ name: 'in', config: { source: `mem://queue/${name}_in` } }],
  publishers: [{ name: 'out', config: { destination: `redis://list/${name}_out`, ...publisher } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'src', to: 'sink' }],
});

/** redis list subscriber with the given config -> mem publisher. */
const redisInDag = (name: string, subscriber: Record<string, unknown>): TestDag => ({
  name,
  subscribers: [{ name: 'in', config: { source: `redis://list/${name}_in`, ...subscriber } }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${name}_out` } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'src', to: 'sink' }],
});

describe('connections belong to admins; a stored secret never follows a changed host', () => {
  let t: TestServer;
  let admin: Session;
  let analyst: Session;
  let trap: Awaited<ReturnType<typeof listener>>;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    trap = await listener();
    t = await startTestServer('pglite');
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    analyst = await createUserSession(admin, t.url, {
      username: 'the_analyst',
      password: 'analyst-password-1',
      role: 'analyst',
    });
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    analyst?.close();
    await t?.close();
    await trap?.close();
  });

  it('finding 2: a *** next to a changed port is refused, and the new host never gets the stored password', async () => {
    const name = `f2_${run}`;
    const url = `redis://app:${STORED_PASSWORD}@127.0.0.1:${REDIS_PORT}`;
    await admin.client.dags.save.mutate({ config: redisOutDag(name, { url }) });

    const loaded = await analyst.client.dags.get.query({ name });
    expect(JSON.stringify(loaded)).not.toContain(STORED_PASSWORD);
    const shown = loaded.config as unknown as TestDag;
    expect(shown.publishers[0]?.config.url).toBe(`redis://app:***@127.0.0.1:${REDIS_PORT}`);

    const moved = structuredClone(shown);
    moved.publishers[0]!.config.url = `redis://app:***@127.0.0.1:${trap.port}`;
    const asAnalyst = await problemsOf(analyst.client.dags.save.mutate({ config: moved }));
    expect(asAnalyst.map((p) => `${p.code} ${p.path}`)).toEqual(
      expect.arrayContaining([
        'invalid_value $.publishers[0].config.url',
        'connection_required $.publishers[0].config.url',
      ]),
    );
    // An admin may set hosts inline, but the stored secret still does not follow the host.
    const asAdmin = await problemsOf(admin.client.dags.save.mutate({ config: moved }));
    expect(asAdmin.map((p) => `${p.code} ${p.path}`)).toEqual([
      'invalid_value $.publishers[0].config.url',
    ]);
    expect(asAdmin[0]?.message).toMatch(/enter the credential again/);

    // The stored version still talks to the test Redis; nothing reaches the listener.
    await admin.client.dags.start.mutate({ name });
    await admin.client.publish.send.mutate({ dag: name, node: 'src', message: { n: 1 } });
    await sleep(1000);
    expect(trap.received()).toBe('');
    expect(trap.connections()).toBe(0);
    await admin.client.dags.stop.mutate({ name });
    await redis('DEL', `${name}_out`);
  }, 30_000);

  it('finding 2: an unchanged *** keeps the stored secret, by component name', async () => {
    const name = `f2_keep_${run}`;
    const url = `redis://app:${STORED_PASSWORD}@127.0.0.1:${REDIS_PORT}`;
    await admin.client.dags.save.mutate({ config: redisOutDag(name, { url }) });
    const shown = (await analyst.client.dags.get.query({ name })).config as unknown as TestDag;
    shown.description = 'edited by the analyst';
    await analyst.client.dags.save.mutate({ config: shown });
    const stored = await t.app.dags.get(name);
    expect(JSON.stringify(stored?.config)).toContain(STORED_PASSWORD);
  });

  it('finding 2: an analyst adding an inline url is refused with connection_required at its path', async () => {
    const name = `inline_${run}`;
    await analyst.client.dags.save.mutate({ config: redisOutDag(name, { connection: 'nothere' }) });
    const problems = await problemsOf(
      analyst.client.dags.save.mutate({
        config: redisOutDag(name, { url: `redis://127.0.0.1:${trap.port}` }),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'connection_required',
        path: '$.publishers[0].config.url',
        message: expect.stringMatching(/only admins .* use a named connection/),
      }),
    ]);
    // dags.validate says the same without saving.
    const checked = await analyst.client.dags.validate.mutate({
      config: redisOutDag(name, { url: `redis://127.0.0.1:${trap.port}` }),
    });
    expect(checked.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.publishers[0].config.url',
    ]);
    const brokers = await problemsOf(
      analyst.client.dags.save.mutate({
        config: {
          ...redisOutDag(name, {}),
          publishers: [
            {
              name: 'out',
              config: { destination: 'kafka://topic/t', brokers: [`127.0.0.1:${trap.port}`] },
            },
          ],
        },
      }),
    );
    expect(brokers.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.publishers[0].config.brokers',
    ]);
  });

  it('admins manage named connections; credentials are never returned', async () => {
    const secret = `conn-${randomBytes(6).toString('hex')}`;
    const name = `cache_${run}`;
    await admin.client.connections.save.mutate({
      kind: 'redis',
      name,
      settings: { url: `redis://:${secret}@127.0.0.1:${REDIS_PORT}` },
    });
    const asAdmin = await admin.client.connections.list.query();
    expect(JSON.stringify(asAdmin)).not.toContain(secret);
    expect(asAdmin.find((c) => c.name === name)).toMatchObject({
      kind: 'redis',
      origin: 'stored',
      settings: { url: `redis://:***@127.0.0.1:${REDIS_PORT}` },
    });
    const asAnalyst = await analyst.client.connections.list.query();
    expect(asAnalyst.find((c) => c.name === name)).toEqual({
      kind: 'redis',
      name,
      origin: 'stored',
    });
    await expect(
      analyst.client.connections.save.mutate({
        kind: 'redis',
        name,
        settings: { url: `redis://127.0.0.1:${trap.port}` },
      }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });

    // *** with the same host keeps the stored credential ...
    await admin.client.connections.save.mutate({
      kind: 'redis',
      name,
      settings: { url: `redis://:***@127.0.0.1:${REDIS_PORT}` },
    });
    expect((await t.app.connections.list('admin')).length).toBeGreaterThan(0);
    const kept = await t.app.db.query<{ settings: unknown }>(
      'SELECT settings FROM connections WHERE name = $1',
      [name],
    );
    expect(JSON.stringify(kept)).toContain(secret);
    // ... with another port it is refused
    const moved = await problemsOf(
      admin.client.connections.save.mutate({
        kind: 'redis',
        name,
        settings: { url: `redis://:***@127.0.0.1:${trap.port}` },
      }),
    );
    expect(moved.map((p) => `${p.code} ${p.path}`)).toEqual(['invalid_value $.settings.url']);

    // An analyst's DAG using it runs.
    const dag = `named_${run}`;
    await analyst.client.dags.save.mutate({ config: redisOutDag(dag, { connection: name }) });
    await admin.client.dags.start.mutate({ name: dag });
    await admin.client.publish.send.mutate({ dag, node: 'src', message: { via: 'named' } });
    const popped = await until(
      () => redis('LPOP', `${dag}_out`),
      (r) => r.includes('named'),
    );
    expect(popped).toContain('"via":"named"');
    await admin.client.dags.stop.mutate({ name: dag });

    // Deleting it is refused while a stored DAG uses it.
    const inUse = await problemsOf(admin.client.connections.delete.mutate({ kind: 'redis', name }));
    expect(inUse[0]?.message).toMatch(new RegExp(`used by DAG "${dag}"`));
    await admin.client.dags.delete.mutate({ name: dag });
    await admin.client.connections.delete.mutate({ kind: 'redis', name });
    expect((await admin.client.connections.list.query()).some((c) => c.name === name)).toBe(false);
    expect(trap.received()).toBe('');
  }, 30_000);
});

describe('finding 4: ALLOWED_HOSTS at validation and at connect time', () => {
  let t: TestServer;
  let admin: Session;
  let trap: Awaited<ReturnType<typeof listener>>;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    trap = await listener();
    t = await startTestServer('pglite', {
      ALLOWED_HOSTS: `127.0.0.1:${REDIS_PORT}`,
      FLOW_CONNECTIONS: JSON.stringify({
        redis: { allowed: { url: `redis://127.0.0.1:${REDIS_PORT}` } },
        stomp: { elsewhere: { url: `stomp://guest:from-settings@127.0.0.1:${trap.port}` } },
      }),
    });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    await t?.close();
    await trap?.close();
  });

  it('refuses an inline url outside the list when the DAG is saved', async () => {
    const problems = await problemsOf(
      admin.client.dags.save.mutate({
        config: redisOutDag(`f4_${run}`, { url: `redis://127.0.0.1:${trap.port}` }),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'host_not_allowed',
        path: '$.publishers[0].config.url',
        message: expect.stringContaining(`127.0.0.1:${trap.port} is not in ALLOWED_HOSTS`),
      }),
    ]);
    await admin.client.dags.save.mutate({
      config: redisOutDag(`f4_ok_${run}`, { url: `redis://127.0.0.1:${REDIS_PORT}` }),
    });
  });

  it('refuses a named connection outside the list when it is saved', async () => {
    const problems = await problemsOf(
      admin.client.connections.save.mutate({
        kind: 'redis',
        name: 'outside',
        settings: { url: `redis://127.0.0.1:${trap.port}` },
      }),
    );
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual(['host_not_allowed $.settings.url']);
  });

  it('refuses to connect to a host outside the list (a connection from the server settings)', async () => {
    const blocked = `f4_blocked_${run}`;
    const allowed = `f4_allowed_${run}`;
    const stompIn = redisInDag(blocked, { connection: 'elsewhere' });
    stompIn.subscribers[0]!.config.source = `stomp://queue/${blocked}`;
    await admin.client.dags.save.mutate({ config: stompIn });
    await admin.client.dags.save.mutate({ config: redisInDag(allowed, { connection: 'allowed' }) });
    await admin.client.dags.start.mutate({ name: blocked });
    await admin.client.dags.start.mutate({ name: allowed });
    const source = async (dag: string) =>
      (await t.app.engine.details(dag)).nodes.find((n) => n.name === 'src');
    const refused = await until(
      async () => (await source(blocked))?.connection,
      (c) => c?.error?.includes('ALLOWED_HOSTS') ?? false,
    );
    expect(refused?.state).toBe('reconnecting');
    expect(refused?.error).toContain(`127.0.0.1:${trap.port} is not in ALLOWED_HOSTS`);
    expect(refused?.error).not.toContain('from-settings');
    const ok = await until(
      async () => (await source(allowed))?.connection,
      (c) => c?.state === 'connected',
    );
    expect(ok?.state).toBe('connected');
    await sleep(300);
    expect(trap.connections()).toBe(0);
    await admin.client.dags.stop.mutate({ name: blocked });
    await admin.client.dags.stop.mutate({ name: allowed });
  }, 30_000);
});
