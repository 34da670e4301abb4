import { availableParallelism, hostname } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { z } from 'zod';
import { HostListError, HostPolicy } from '@flow/engine';
import { connectionsSchema, MIN_PASSWORD_LENGTH } from '@flow/shared';

/** Every setting the server reads from the environment, validated at start. Listed in the README. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
    .optional(),
  DAG_CONFIG_FOLDER: z.string().min(1).optional(),
  /**
   * Folders `file:` sources, publishers and dead letters must stay inside, separated by the
   * platform delimiter (`:`). Default: DAG_CONFIG_FOLDER (when set) and DATA_DIR/files.
   */
  FILE_ROOTS: z.string().min(1).optional(),
  /** How long an adapter's stop (or start) may take before it is forced. */
  ADAPTER_STOP_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  PLUGIN_FOLDER: z.string().min(1).optional(),
  /**
   * Worker threads running the DAGs (default: the number of cores). 0 runs every DAG in the
   * server's own thread, as before: no isolation, no watchdog.
   */
  DAG_WORKERS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  /**
   * Each DAG worker's heap limit: a DAG that exhausts it fails instead of the server. A worker
   * needs about 20 MB of its own: below 64 one does not start reliably.
   */
  DAG_WORKER_MAX_HEAP_MB: z.coerce.number().int().min(64).max(65536).default(512),
  ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .optional(),
  /** `host:port,host:port`: the instances form a cluster (needs DATABASE_URL: they share it). */
  ZOOKEEPER_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(:\d{1,5})?(,[A-Za-z0-9._-]+(:\d{1,5})?)*(\/[A-Za-z0-9._/-]*)?$/, {
      error: 'must be host:port[,host:port...][/chroot] (no credentials: it is shown to admins)',
    })
    .optional(),
  /** Every znode of this cluster lives under it. */
  ZOOKEEPER_ROOT: z
    .string()
    .regex(/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
      error: 'must be an absolute znode path such as /flow',
    })
    .default('/flow'),
  ZOOKEEPER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(2000).max(120_000).default(10_000),
  /** `primary`: the leader runs every DAG; `partitioned`: each DAG runs on the instance owning it. */
  CLUSTER_MODE: z.enum(['primary', 'partitioned']).default('primary'),
  /** Where the other instances reach this one's API: default `http://<HOST>:<PORT>`. */
  CLUSTER_ADVERTISE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/@?#]+(\/[^\s?#]*)?$/, {
      error: 'must be an http:// or https:// URL with no user, password, query or fragment',
    })
    .optional(),
  /** What people call this instance (the header, `server.status`): default `<hostname>:<port>`. */
  INSTANCE_NAME: z.string().min(1).max(100).optional(),
  /** Named broker and database connections as JSON (see connectionsSchema), or a file holding it. */
  FLOW_CONNECTIONS: z.string().optional(),
  FLOW_CONNECTIONS_FILE: z.string().optional(),
  /**
   * Hosts network adapters may connect to: comma-separated hostnames, `*.example.com`,
   * `host:port`, IP addresses and CIDR ranges. Unset: any host (analysts still need named
   * connections).
   */
  ALLOWED_HOSTS: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Login attempts allowed per client address per minute, and per user name per minute. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** The session cookie's Secure flag: `auto` sets it on requests that came over https. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Whose X-Forwarded-* headers to believe (client address, https): `false` (default), `true`
   * (any: only behind a proxy that overwrites them), or a comma-separated list of proxy
   * addresses or CIDR ranges.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] =>
      v === 'true' ? true : v === 'false' || v === '' ? false : v.split(',').map((a) => a.trim()),
    ),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** Live subscriptions (websocket and SSE together) one session may hold at once. */
  MAX_SUBSCRIPTIONS_PER_SESSION: z.coerce.number().int().positive().default(20),
  /** On SIGTERM/SIGINT, how long to wait for DAGs to stop before exiting anyway (code 1). */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the built web app is served from. */
  WEB_DIST: z.string().optional(),
});

export type Settings = z.output<typeof envSchema> & {
  readonly connections: z.output<typeof connectionsSchema>;
  /** ALLOWED_HOSTS, read. */
  readonly hosts: HostPolicy;
};

/** Where the other instances reach this one: CLUSTER_ADVERTISE_URL, else `http://<HOST>:<PORT>`. */
export function advertiseUrlOf(
  settings: Pick<Settings, 'CLUSTER_ADVERTISE_URL' | 'HOST' | 'PORT'>,
): string {
  if (settings.CLUSTER_ADVERTISE_URL) return settings.CLUSTER_ADVERTISE_URL.replace(/\/+$/, '');
  const any = settings.HOST === '0.0.0.0' || settings.HOST === '::';
  const host = any
    ? hostname()
    : settings.HOST.includes(':')
      ? `[${settings.HOST}]`
      : settings.HOST;
  return `http://${host}:${settings.PORT}`;
}

/**
 * The file roots with the names users see them by (never their absolute paths): the setting
 * they come from, e.g. `DATA_DIR/files` or `FILE_ROOTS[1]`.
 */
export function fileRootsOf(
  settings: Pick<Settings, 'FILE_ROOTS' | 'DAG_CONFIG_FOLDER' | 'DATA_DIR'>,
): { path: string; name: string }[] {
  if (settings.FILE_ROOTS !== undefined)
    return settings.FILE_ROOTS.split(delimiter)
      .filter((folder) => folder !== '')
      .map((folder, i) => ({ path: resolve(folder), name: `FILE_ROOTS[${i}]` }));
  return [
    ...(settings.DAG_CONFIG_FOLDER
      ? [{ path: resolve(settings.DAG_CONFIG_FOLDER), name: 'DAG_CONFIG_FOLDER' }]
      : []),
    { path: join(resolve(settings.DATA_DIR), 'files'), name: 'DATA_DIR/files' },
  ];
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** Reads the settings; a bad value stops the start with a message naming every bad variable. */
export function readSettings(env: NodeJS.ProcessEnv, readFile: (path: string) => string): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`bad settings in the environment:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  if (settings.ZOOKEEPER_HOSTS !== undefined && settings.DATABASE_URL === undefined)
    throw new SettingsError(
      'ZOOKEEPER_HOSTS is set but DATABASE_URL is not: the instances of a cluster share one PostgreSQL (set DATABASE_URL to it)',
    );
  let raw: unknown = {};
  try {
    if (settings.FLOW_CONNECTIONS) raw = JSON.parse(settings.FLOW_CONNECTIONS);
    else if (settings.FLOW_CONNECTIONS_FILE)
      raw = JSON.parse(readFile(settings.FLOW_CONNECTIONS_FILE));
  } catch (error) {
    throw new SettingsError(`FLOW_CONNECTIONS: not valid JSON (${(error as Error).message})`);
  }
  const connections = connectionsSchema.safeParse(raw);
  if (!connections.success) {
    const lines = connections.error.issues.map(
      (i) => `  FLOW_CONNECTIONS.${i.path.join('.')}: ${i.message}`,
    );
    throw new SettingsError(`bad connection settings:\n${lines.join('\n')}`);
  }
  let hosts: HostPolicy;
  try {
    hosts = HostPolicy.parse(settings.ALLOWED_HOSTS);
  } catch (error) {
    if (error instanceof HostListError) throw new SettingsError(`ALLOWED_HOSTS: ${error.message}`);
    throw error;
  }
  return {
    ...settings,
    hosts,
    DATA_DIR: resolve(settings.DATA_DIR),
    WEB_DIST: settings.WEB_DIST === undefined ? undefined : resolve(settings.WEB_DIST),
    connections: connections.data,
  };
}
