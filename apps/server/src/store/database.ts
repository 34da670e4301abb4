import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The little the stores need of PostgreSQL, served by `pg` or by embedded PGlite alike. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs the callback in one transaction. */
  transaction<T>(work: (tx: Pick<Database, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function postgresDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // an idle client lost; the next query gets a fresh one
  return {
    kind: 'postgres',
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query<T & pg.QueryResultRow>(sql, params as unknown[])).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
            (await client.query<T & pg.QueryResultRow>(sql, params as unknown[])).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Postgres settings of the embedded database (startParams, as PGlite documents them).
 * shared_buffers: PGlite's default, 128MB, is all touched at start and stays resident; this store
 * holds configs, users, sessions and the audit log, and 8MB (PostgreSQL's old default) keeps its
 * working set cached. The WebAssembly memory's resident part went from 155 MB to 21 MB
 * (`pnpm bench:footprint`).
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

/**
 * Creates a new database folder (initdb) in a short-lived child process, which then exits. In
 * process, PGlite runs initdb with a second PGlite and the initdb module beside the one that
 * stays; their WebAssembly memories are garbage once done, but an idle server did not collect
 * them: a first start held ~390 MB more than a restart (`pnpm bench:footprint`).
 */
async function initdb(folder: string): Promise<void> {
  const script = `const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) }).then((db) => db.close());`;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', script, '--', entry, folder, JSON.stringify(PGLITE_START_PARAMS)],
      (error, _stdout, stderr) =>
        error ? reject(new Error(`PGlite initdb in ${folder} failed: ${stderr}`)) : resolve(),
    ),
  );
}

/** Embedded PostgreSQL in a folder (or in memory with `memory://`), so that no service is needed. */
export async function pgliteDatabase(dataDir: string): Promise<Database> {
  // PGlite's WebAssembly stays on V8's baseline compiler (Liftoff): tiering its hot functions
  // up to TurboFan left ~70 MB in the compile threads' malloc arenas (idle server, 178 MB
  // instead of 249), for no measurable gain on this store's small queries (an upsert or a lookup
  // by key takes ~0.2 ms either way). Set before the module is compiled; the flag is
  // process-wide, and the server runs no other WebAssembly.
  setFlagsFromString('--liftoff-only');
  let db: PGlite;
  if (dataDir === 'memory://') db = new PGlite({ startParams: PGLITE_START_PARAMS });
  else {
    const folder = join(dataDir, 'pglite');
    mkdirSync(folder, { recursive: true });
    if (!existsSync(join(folder, 'PG_VERSION'))) await initdb(folder);
    db = new PGlite(folder, { startParams: PGLITE_START_PARAMS });
  }
  await db.waitReady;
  const run = async <T extends object>(
    target: Pick<PGlite, 'query'>,
    sql: string,
    params: readonly unknown[] = [],
  ) => (await target.query<T>(sql, params as unknown[])).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    async exec(sql) {
      await db.exec(sql);
    },
    transaction: (work) =>
      db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    close: () => db.close(),
  };
}
