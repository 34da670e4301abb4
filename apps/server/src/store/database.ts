import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

/** Embedded PostgreSQL in a folder (or in memory with `memory://`), so that no service is needed. */
export async function pgliteDatabase(dataDir: string): Promise<Database> {
  let db: PGlite;
  if (dataDir === 'memory://') db = new PGlite();
  else {
    mkdirSync(dataDir, { recursive: true });
    db = new PGlite(join(dataDir, 'pglite'));
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
