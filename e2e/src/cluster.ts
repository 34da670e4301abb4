// Two or more Flow servers in one cluster for the browser tests: the services' ZooKeeper (a
// fresh root per test) and a fresh database on the services' PostgreSQL (`bash
// scripts/services.sh up`), both named by the env of the integration tests.
import { randomBytes } from 'node:crypto';
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

export interface Cluster {
  /** The servers started so far, by INSTANCE_NAME. */
  readonly servers: Map<string, FlowServer>;
  /** Starts an instance named `name` (resolves once /readyz answers). */
  start(name: string, env?: Record<string, string>): Promise<FlowServer>;
  /** Stops every server and drops the database; never throws (it runs in `finally`). */
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
  return {
    servers,
    async start(name, extra = {}) {
      const server = await FlowServer.start({
        databaseUrl: url.toString(),
        readyTimeoutMs: 60_000,
        env: {
          ZOOKEEPER_HOSTS: ZOOKEEPER,
          ZOOKEEPER_ROOT: `/flow-e2e-${id}`,
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
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(
        (error: unknown) => console.warn(`could not drop ${database}:`, error),
      );
    },
  };
}
