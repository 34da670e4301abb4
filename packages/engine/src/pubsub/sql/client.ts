import pg from 'pg';
import type { Pool } from 'pg';
import { splitUserinfo, type Connections } from '@flow/shared';
import { AdapterError, errorMessage, PayloadError } from '../../errors';
import type { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import { redact } from '../retry';

/*
 * The connection to a source's database: which database and table a `sql://SOURCE` names, a pool
 * whose connections go through the host policy, and error messages fit for a node.
 */

type SqlSettings = Connections['sql'][string];

export interface SqlSource {
  readonly name: string;
  readonly url: string;
  readonly table: string;
  readonly cursorColumn: string;
}

const sourceName = (uri: string) => uri.slice('sql://'.length);

/** The source a `sql://SOURCE` URI names in the server settings (`connections.sql`). */
export function resolveSource(uri: string, connections: Connections): SqlSource {
  const name = sourceName(uri);
  const settings: SqlSettings = resolveConnection('sql', connections, name);
  return { name, url: settings.url, table: settings.table, cursorColumn: settings.cursor_column };
}

/** An error message fit for a node: no credentials, neither in URL form nor the bare password. */
export function safeMessage(error: unknown, url?: string): string {
  let text = redact(errorMessage(error));
  const password = url === undefined ? undefined : splitUserinfo(url)?.password;
  if (password) {
    let decoded = password;
    try {
      decoded = decodeURIComponent(password);
    } catch {
      // not percent-encoded: the raw form is all there is to hide
    }
    for (const secret of new Set([password, decoded])) text = text.split(secret).join('***');
  }
  return text;
}

/** Whether an error is a lost or refused connection (retried), not a refused statement. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
  }
  if (error instanceof AdapterError || error instanceof PayloadError) return false;
  if (typeof (error as { code?: unknown } | null)?.code === 'string') return true; // ECONNREFUSED, ...
  return /connect|terminated|timeout/i.test(errorMessage(error));
}

// Types kept as PostgreSQL's text, which is JSON-safe and exact: date (no time zone shift),
// bytea (`\x...`), interval. timestamp without time zone: ISO-8601 local time, no zone.
const RAW_TYPES = new Set([1082, 17, 1186]);
const TIMESTAMP = 1114;
const keepText = (value: string) => value;
const isoLocal = (value: string) => value.replace(' ', 'T');
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (RAW_TYPES.has(oid)) return keepText;
    if (oid === TIMESTAMP) return isoLocal;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** A pool on the source's URL; with a restricted host policy each connection is checked by it. */
export function createPool(url: string, max: number, hosts?: HostPolicy): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    ...(hosts?.restricted && { stream: () => hosts.unconnectedSocket() }),
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'flow',
    types: typeParsers,
  });
  // An idle connection that dies (a server restart) is dropped by the pool; the next query fails
  // and is retried by its caller. Without a listener the error would crash the process.
  pool.on('error', () => {});
  return pool;
}
