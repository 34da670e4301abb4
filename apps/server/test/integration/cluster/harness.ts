import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DagListEntry, ServerStatus } from '@flow/shared';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import pg from 'pg';
import type { AppRouter } from '../../../src/trpc/router';
import { startServerProcess, type ServerProcess } from '../server-process';
import { readStamps, writeStampPlugin, type Stamp } from './stamps';
import { PrivateZooKeeper } from '../../../../../packages/engine/test/integration/private-zookeeper';

/**
 * Several real server processes (apps/server/src/main.ts) on 127.0.0.1 forming one cluster over
 * a private ZooKeeper and a fresh PostgreSQL database; every process is ended by `close`, also
 * when the test failed.
 */

export const ADMIN_PASSWORD = 'ha-admin-password-123';
const ADMIN_URL = process.env.FLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:15432/flow_test';
const KAFKA_BROKERS = (process.env.FLOW_TEST_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
/**
 * How long one poll of an instance's status or DAG list may take: a frozen (SIGSTOP) instance
 * never answers, and a poll must end to be tried again.
 */
const PROBE_TIMEOUT_MS = 3000;
/**
 * How long any other call may take: it does real work (a first save validates, writes to
 * PostgreSQL and announces over ZooKeeper), seconds on a loaded machine; bounded all the same.
 */
const CALL_TIMEOUT_MS = 30_000;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` every 100 ms until it returns something other than undefined, and returns
 * that; after `ms` fails naming `what` and the last value `describe` gives.
 */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined> | T | undefined,
  describe: () => string = () => '',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(`timed out after ${ms} ms waiting for ${what} ${describe()}`);
    await sleep(100);
  }
}

/** A fresh database `ha_<random>` on the services' PostgreSQL; `drop` removes it. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ha_${randomBytes(5).toString('hex')}`;
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export type Client = TRPCClient<AppRouter>;

/** How a call was refused: its HTTP status, tRPC code and message. Fails when it succeeded. */
export async function refusal(
  call: Promise<unknown>,
): Promise<{ httpStatus?: number; code?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    return { httpStatus: data?.httpStatus, code: data?.code, message: error.message };
  }
  throw new Error('expected the call to be refused');
}

/** Every server process started here and not yet exited: killed if the test process exits first. */
const untilExit = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of untilExit) child.kill('SIGKILL');
});

/**
 * A tRPC client over HTTP, its session cookie in `jar` (shared by an instance's clients), each
 * call bounded by `timeoutMs`.
 */
function httpClient(baseUrl: string, jar: { cookie?: string }, timeoutMs: number): Client {
  const fetchWithCookie: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.cookie) headers.set('cookie', jar.cookie);
    headers.set('x-flow-request', '1');
    const response = await fetch(input, {
      ...init,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) jar.cookie = setCookie.split(';')[0];
    return response;
  };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookie })],
  });
}

/**
 * Saves a DAG and starts it through `client`. A start the cluster answers with 503 (no runner
 * yet: a DAG just saved is placed by the leader first) is tried again, for 20 s at most.
 */
export async function saveAndStart(client: Client, config: { name: string }): Promise<void> {
  await client.dags.save.mutate({ config });
  let last = '';
  await until(
    `${config.name} to start`,
    20_000,
    () =>
      client.dags.start.mutate({ name: config.name }).then(
        () => true,
        async (error: unknown) => {
          const refused = await refusal(Promise.reject(error));
          if (refused.httpStatus !== 503) throw error;
          last = refused.message;
          return undefined;
        },
      ),
    () => `(last refusal: ${last})`,
  );
}

export interface Instance {
  readonly name: string;
  readonly dataDir: string;
  server: ServerProcess;
  /** Logged in as admin; calls bounded by CALL_TIMEOUT_MS. */
  client: Client;
  /** The same session, calls bounded by PROBE_TIMEOUT_MS: for polls. */
  probe: Client;
  /** Whether it was sent SIGSTOP and not SIGCONT since. */
  frozen: boolean;
}

export interface ClusterOptions {
  readonly instances: readonly string[];
  readonly mode?: 'primary' | 'partitioned';
  readonly sessionTimeoutMs?: number;
  /** More settings for every instance. */
  readonly env?: Record<string, string>;
}

export class Cluster {
  private readonly instances = new Map<string, Instance>();

  private constructor(
    readonly zookeeper: PrivateZooKeeper,
    private readonly database: { url: string; drop: () => Promise<void> },
    private readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * A private ZooKeeper, a fresh database and the instances, started one after another (the
   * first to start leads), each logged in as admin. If anything fails, what started is ended.
   */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const zookeeper = await PrivateZooKeeper.start();
    const database = await freshDatabase().catch(async (error: unknown) => {
      await zookeeper.close();
      throw error;
    });
    const dir = mkdtempSync(join(tmpdir(), 'flow-ha-'));
    const plugins = join(dir, 'plugins');
    mkdirSync(plugins);
    writeStampPlugin(plugins);
    const cluster = new Cluster(zookeeper, database, dir, {
      ZOOKEEPER_HOSTS: zookeeper.hosts,
      ZOOKEEPER_ROOT: `/ha_${randomBytes(4).toString('hex')}`,
      ZOOKEEPER_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs ?? 4000),
      CLUSTER_MODE: options.mode ?? 'primary',
      DATABASE_URL: database.url,
      DAG_WORKERS: '1',
      ADMIN_PASSWORD,
      PLUGIN_FOLDER: plugins,
      // What a failing test prints of each instance (`logTail`): HA_LOG_LEVEL=info for more.
      LOG_LEVEL: process.env.HA_LOG_LEVEL ?? 'warn',
      FLOW_CONNECTIONS: JSON.stringify({ kafka: { default: { brokers: KAFKA_BROKERS } } }),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...options.env,
    });
    try {
      for (const name of options.instances) await cluster.startInstance(name);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  get names(): string[] {
    return [...this.instances.keys()];
  }

  instance(name: string): Instance {
    const instance = this.instances.get(name);
    if (!instance) throw new Error(`no instance named ${name}`);
    return instance;
  }

  client(name: string): Client {
    return this.instance(name).client;
  }

  /** Starts an instance (again, with its DATA_DIR, after a kill) and logs in as admin. */
  async startInstance(name: string): Promise<Instance> {
    const old = this.instances.get(name);
    if (old && old.server.child.exitCode === null && !old.server.child.signalCode)
      throw new Error(`instance ${name} still runs`);
    const dataDir = join(this.dir, name);
    const server = await startServerProcess({
      ...this.env,
      INSTANCE_NAME: name,
      DATA_DIR: dataDir,
    });
    const child = server.child;
    untilExit.add(child);
    child.once('exit', () => untilExit.delete(child));
    const jar = {};
    const client = httpClient(server.url, jar, CALL_TIMEOUT_MS);
    const probe = httpClient(server.url, jar, PROBE_TIMEOUT_MS);
    const instance: Instance = { name, dataDir, server, client, probe, frozen: false };
    this.instances.set(name, instance);
    await until(`${name} to log in`, 20_000, () =>
      client.auth.login.mutate({ username: 'admin', password: ADMIN_PASSWORD }).then(
        () => true,
        () => undefined,
      ),
    );
    return instance;
  }

  /** SIGKILL, and waits until the process has gone. */
  async kill(name: string): Promise<void> {
    const { server, frozen } = this.instance(name);
    if (server.child.exitCode !== null || server.child.signalCode) return;
    server.child.kill('SIGKILL');
    if (frozen) server.child.kill('SIGCONT');
    await server.exited;
  }

  /** SIGSTOP: the process (every thread of it) stops where it is. */
  freeze(name: string): void {
    const instance = this.instance(name);
    instance.server.child.kill('SIGSTOP');
    instance.frozen = true;
  }

  /** SIGCONT after `freeze`. */
  resume(name: string): void {
    const instance = this.instance(name);
    instance.server.child.kill('SIGCONT');
    instance.frozen = false;
  }

  /** `server.status` of an instance; undefined when it does not answer (in time). */
  status(name: string): Promise<ServerStatus | undefined> {
    return this.instance(name)
      .probe.server.status.query()
      .catch(() => undefined);
  }

  /** `dags.list` of an instance; undefined when it does not answer (in time). */
  list(name: string): Promise<DagListEntry[] | undefined> {
    return this.instance(name)
      .probe.dags.list.query()
      .catch(() => undefined);
  }

  /** Polls an instance's `server.status` until `accept` holds for it; returns that status. */
  untilStatus(
    name: string,
    what: string,
    ms: number,
    accept: (s: ServerStatus) => boolean,
  ): Promise<ServerStatus> {
    let last: ServerStatus | undefined;
    return until(
      `${name}: ${what}`,
      ms,
      async () => {
        last = await this.status(name);
        return last && accept(last) ? last : undefined;
      },
      () =>
        `(last status: ${JSON.stringify(last && { role: last.role, readOnly: last.readOnly })})`,
    );
  }

  /** Polls an instance's `dags.list` until `accept` holds for it; returns that list. */
  untilList(
    name: string,
    what: string,
    ms: number,
    accept: (dags: DagListEntry[]) => boolean,
  ): Promise<DagListEntry[]> {
    let last: DagListEntry[] | undefined;
    return until(
      `${name}: ${what}`,
      ms,
      async () => {
        last = await this.list(name);
        return last && accept(last) ? last : undefined;
      },
      () =>
        `(last list: ${JSON.stringify(last?.map((d) => [d.name, d.state, d.owners?.join('+')]))})`,
    );
  }

  /** Where an instance's relative `file:` publishers write (its DATA_DIR/files). */
  filesOf(name: string): string {
    return join(this.instance(name).dataDir, 'files');
  }

  /** The stamps of a DAG made with `metronomeDag` (its file in every instance's DATA_DIR/files). */
  stamps(dag: string): Stamp[] {
    return this.names.flatMap((name) => readStamps(join(this.filesOf(name), `${dag}_out.jsonl`)));
  }

  /** The last lines each instance wrote (its log), for a failure's message. */
  logTail(lines = 30): string {
    return [...this.instances.values()]
      .map((i) => `--- ${i.name}:\n${i.server.output().split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }

  /** Ends every instance (SIGKILL), ZooKeeper, the database and the temporary folder. */
  async close(): Promise<void> {
    for (const name of this.instances.keys()) await this.kill(name).catch(() => {});
    await this.zookeeper.close().catch(() => {});
    await this.database.drop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
