// Two or more Flow servers in one cluster for the browser tests: the services' ZooKeeper (a
// fresh root per test) and a fresh database on the services' PostgreSQL (`bash
// scripts/services.sh up`), both named by the env of the integration tests; both removed after.
import { randomBytes } from 'node:crypto';
import zookeeper from 'node-zookeeper-client';
import pg from 'pg';
import { FlowServer } from './server';

export const ZOOKEEPER = process.env.FLOW_TEST_ZOOKEEPER ?? '127.0.0.1:12181';
export const POSTGRES =
  process.env.FLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:15432/flow_test';

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${POSTGRES} is not reachable (start it: bash scripts/services.sh up)`,
      { cause: error },
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Deletes a ZooKeeper subtree (children first); bounded by `timeoutMs`, it never throws. */
export async function removeZookeeperTree(root: string, timeoutMs = 10_000): Promise<void> {
  const client = zookeeper.createClient(ZOOKEEPER, { sessionTimeout: 4_000, retries: 0 });
  type Failure = Error | zookeeper.Exception | null;
  const call = <T>(run: (done: (error: Failure, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) =>
      run((error, value) => (error ? reject(error) : resolve(value))),
    );
  const remove = async (path: string): Promise<void> => {
    const children =
      (await call<string[]>((done) => client.getChildren(path, (e, c) => done(e, c)))) ?? [];
    for (const child of children) await remove(`${path}/${child}`);
    await call((done) => client.remove(path, (e) => done(e)));
  };
  const work = (async () => {
    const connected = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    client.connect();
    await connected;
    await remove(root).catch((error: unknown) => {
      // No root: the servers never wrote one.
      if (!(
        error instanceof zookeeper.Exception && error.getCode() === zookeeper.Exception.NO_NODE
      ))
        throw error;
    });
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } catch (error) {
    console.warn(`could not remove ZooKeeper ${ZOOKEEPER}${root}:`, error);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

export interface Cluster {
  /** The servers started so far, by INSTANCE_NAME. */
  readonly servers: Map<string, FlowServer>;
  /** Starts an instance named `name` (resolves once /readyz answers). */
  start(name: string, env?: Record<string, string>): Promise<FlowServer>;
  /** Stops every server, drops the database and the ZooKeeper root; never throws. */
  close(): Promise<void>;
}

/**
 * A cluster of servers on a fresh database and a fresh ZooKeeper root, with a 4 s session and
 * one worker thread each. `close()` ends every process it started.
 */
export async function createCluster(env: Record<string, string> = {}): Promise<Cluster> {
  const id = randomBytes(4).toString('hex');
  const database = `flow_e2e_${id}`;
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  const servers = new Map<string, FlowServer>();
  const root = `/flow-e2e-${id}`;
  return {
    servers,
    async start(name, extra = {}) {
      const server = await FlowServer.start({
        databaseUrl: url.toString(),
        readyTimeoutMs: 60_000,
        env: {
          ZOOKEEPER_HOSTS: ZOOKEEPER,
          ZOOKEEPER_ROOT: root,
          ZOOKEEPER_SESSION_TIMEOUT_MS: '4000',
          DAG_WORKERS: '1',
          INSTANCE_NAME: name,
          LOG_LEVEL: 'info',
          ...env,
          ...extra,
        },
      });
      servers.set(name, server);
      return server;
    },
    async close() {
      await Promise.allSettled([...servers.values()].map((s) => s.stop()));
      await removeZookeeperTree(root);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(
        (error: unknown) => console.warn(`could not drop ${database}:`, error),
      );
    },
  };
}
