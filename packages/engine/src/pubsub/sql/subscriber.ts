import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import {
  publisherConfigSchemas,
  splitUserinfo,
  subscriberConfigSchemas,
  type Connections,
} from '@flow/shared';
import type { z } from 'zod';
import { AdapterError, errorMessage, PayloadError } from '../../errors';
import { isMessage, nestsTooDeep, preview, TOO_DEEP_REASON, type Message } from '../../message';
import type { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import { backoffDelay, redact, sleep } from '../retry';
import type {
  AdapterContext,
  ConnectionStatus,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from '../types';
import { PauseGate } from '../pause-gate';

/*
 * `sql://SOURCE`: a table of a PostgreSQL database, named in the server settings
 * (`connections.sql.SOURCE = { url, table, cursor_column }`).
 *
 * Two kinds of table:
 * - A plain table: each row is a message (column -> value) and each message is a row; a message
 *   whose keys are not all columns of the table is refused.
 * - A message table: one that has a column named `payload` of type json, jsonb or text. Each row
 *   carries one message, the JSON object in `payload`; the other columns (the cursor, timestamps)
 *   are bookkeeping and not part of the message. The publisher writes the whole message, as JSON,
 *   into `payload`. A row whose `payload` is not a JSON object (SQL NULL, invalid JSON in a text
 *   column, an array, a number) is a bad payload: rejected with its origin, and acknowledged.
 *
 * The subscriber polls `SELECT * ... WHERE cursor > $1 ORDER BY cursor LIMIT fetch_size` and keeps
 * the highest contiguously acknowledged cursor in `flow_sql_cursors` (in the source's database,
 * created if missing), so after a restart acknowledged rows never come again and the others do.
 * The cursor is compared in the column's own type and stored as text.
 * Caveat of every cursor poller: a row whose cursor is lower than one already read (a serial
 * taken by a transaction that committed later) is not seen.
 *
 * Identifiers are double-quoted as written (so they are case-sensitive); values are always
 * query parameters, never SQL text.
 */

type SqlSubscriberConfig = z.output<typeof subscriberConfigSchemas.sql>;
type SqlSettings = Connections['sql'][string];

const CURSOR_TABLE = 'flow_sql_cursors';
/** The cursor of each row as text, selected besides `*` and removed from the message. */
const CURSOR_ALIAS = '__flow_cursor';
/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535;

interface SqlSource {
  readonly name: string;
  readonly url: string;
  readonly table: string;
  readonly cursorColumn: string;
}

interface Column {
  readonly name: string;
  /** json or jsonb: values are written as JSON text and read back parsed. */
  readonly json: boolean;
  readonly text: boolean;
  readonly array: boolean;
}

interface TableInfo {
  readonly columns: ReadonlyMap<string, Column>;
  /** The `payload` column of a message table. */
  readonly payload: Column | undefined;
}

const sourceName = (uri: string) => uri.slice('sql://'.length);

function resolveSource(uri: string, connections: Connections): SqlSource {
  const name = sourceName(uri);
  const settings: SqlSettings = resolveConnection('sql', connections, name);
  return { name, url: settings.url, table: settings.table, cursorColumn: settings.cursor_column };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` or `table`, each part quoted. */
export function quoteTable(table: string): string {
  return table.split('.').map(quoteIdent).join('.');
}

/** An error message fit for a node: no credentials, neither in URL form nor the bare password. */
function safeMessage(error: unknown, url?: string): string {
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
function isConnectionError(error: unknown): boolean {
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
function createPool(url: string, max: number, hosts?: HostPolicy): Pool {
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

async function readTableInfo(pool: Pool, table: string): Promise<TableInfo> {
  // pg_attribute with to_regclass rather than information_schema.columns: it resolves the table
  // like the statements do (search_path, quoting) and lists columns regardless of privileges.
  const { rows } = await pool.query<{ name: string; type: string; category: string }>(
    `SELECT a.attname AS name, t.typname AS type, t.typcategory AS category
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [quoteTable(table)],
  );
  if (rows.length === 0) throw new AdapterError(`table ${table} does not exist`);
  const columns = new Map<string, Column>();
  for (const row of rows) {
    columns.set(row.name, {
      name: row.name,
      json: row.type === 'json' || row.type === 'jsonb',
      text: row.type === 'text',
      array: row.category === 'A',
    });
  }
  const payload = columns.get('payload');
  return { columns, payload: payload && (payload.json || payload.text) ? payload : undefined };
}

/** A value as JSON can carry it: Dates as ISO-8601, non-finite numbers and bigints as strings. */
function jsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    return value;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = jsonSafe(inner);
  return out;
}

/** A message value as a query parameter for a column. */
function parameter(value: unknown, column: Column): unknown {
  if (value === null) return null;
  if (column.json) return JSON.stringify(value);
  if (column.array && Array.isArray(value)) return value; // pg writes a PostgreSQL array
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

/** Inserts messages as rows of a source's table; reads the table's columns once. */
class SqlWriter {
  private info: Promise<TableInfo> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly source: SqlSource,
  ) {}

  private tableInfo(): Promise<TableInfo> {
    this.info ??= readTableInfo(this.pool, this.source.table).catch((error: unknown) => {
      this.info = undefined; // read again next time: the table may be created later
      throw error;
    });
    return this.info;
  }

  async insert(batch: readonly Message[]): Promise<void> {
    try {
      await this.tryInsert(batch);
    } catch (error) {
      const code = error instanceof pg.DatabaseError ? (error.code ?? '') : '';
      // A column or the table went away since the columns were read: read them again next time.
      if (code === '42703' || code === '42P01') this.info = undefined;
      // Data exceptions (a value of the wrong type) and integrity violations (NOT NULL, unique,
      // check, foreign key) are about the messages themselves: retrying will not help.
      if (!code.startsWith('22') && !code.startsWith('23')) throw error;
      const message = `table ${this.source.table} refused the batch: ${errorMessage(error)}`;
      throw new PayloadError(message, { cause: error });
    }
  }

  private async tryInsert(batch: readonly Message[]): Promise<void> {
    if (batch.length === 0) return;
    const info = await this.tableInfo();
    const statements = info.payload
      ? this.envelopeStatements(batch, info.payload)
      : this.rowStatements(batch, info);
    if (statements.length === 1) {
      const [only] = statements as [Statement];
      await this.pool.query(only.text, only.values);
      return;
    }
    const client: PoolClient = await this.pool.connect();
    let failure: unknown;
    try {
      await client.query('BEGIN');
      for (const statement of statements) await client.query(statement.text, statement.values);
      await client.query('COMMIT');
    } catch (error) {
      failure = error;
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release(failure !== undefined && isConnectionError(failure));
    }
  }

  private envelopeStatements(batch: readonly Message[], payload: Column): Statement[] {
    const statements: Statement[] = [];
    const head = `INSERT INTO ${quoteTable(this.source.table)} (${quoteIdent(payload.name)}) VALUES `;
    for (let start = 0; start < batch.length; start += MAX_PARAMETERS) {
      const chunk = batch.slice(start, start + MAX_PARAMETERS);
      statements.push({
        text: head + chunk.map((_, i) => `($${i + 1})`).join(','),
        values: chunk.map((m) => JSON.stringify(m)),
      });
    }
    return statements;
  }

  private rowStatements(batch: readonly Message[], info: TableInfo): Statement[] {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const message of batch)
      for (const key of Object.keys(message))
        if (!seen.has(key) && message[key] !== undefined) {
          seen.add(key);
          keys.push(key);
        }
    const unknown = keys.filter((k) => !info.columns.has(k));
    if (unknown.length > 0) {
      throw new PayloadError(
        `table ${this.source.table} has no column${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} ` +
          `for the message key${unknown.length > 1 ? 's' : ''} of the same name; its columns: ${[...info.columns.keys()].join(', ')}`,
      );
    }
    const table = quoteTable(this.source.table);
    if (keys.length === 0) {
      return batch.map(() => ({ text: `INSERT INTO ${table} DEFAULT VALUES`, values: [] }));
    }
    const columns = keys.map((k) => info.columns.get(k) as Column);
    const head = `INSERT INTO ${table} (${keys.map(quoteIdent).join(',')}) VALUES `;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / keys.length));
    const statements: Statement[] = [];
    for (let start = 0; start < batch.length; start += perStatement) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const message of batch.slice(start, start + perStatement)) {
        const cells = columns.map((column) => {
          const value = message[column.name];
          if (value === undefined) return 'DEFAULT'; // the column's default, not NULL
          values.push(parameter(value, column));
          return `$${values.length}`;
        });
        tuples.push(`(${cells.join(',')})`);
      }
      statements.push({ text: head + tuples.join(','), values });
    }
    return statements;
  }
}

interface PendingRow {
  readonly cursor: string;
  acked: boolean;
}

class SqlSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private source: SqlSource | undefined;
  private pool: Pool | undefined;
  private writer: SqlWriter | undefined;
  private info: TableInfo | undefined;
  private readonly gate = new PauseGate();
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private emptyAtLastPoll = false;
  private connected = false;
  /** Whether the stored cursor was read (once per subscriber). */
  private positioned = false;
  /** The cursor of the last row delivered: where the next poll starts. */
  private readCursor: string | null = null;
  /** Delivered rows, oldest first, from `pendingHead` on not yet contiguously acknowledged. */
  private pending: PendingRow[] = [];
  private pendingHead = 0;
  private ackedCursor: string | null = null;
  private persistedCursor: string | null = null;
  private persisting: Promise<void> | undefined;
  private persistAgain = false;
  private poolClosed = false;

  constructor(
    readonly uri: string,
    private readonly config: SqlSubscriberConfig,
    private readonly context: AdapterContext,
  ) {}

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connecting' });
    this.loop = this.run(sink);
  }

  /** The key of this subscriber's position: a changed source, table or cursor starts afresh. */
  private get positionKey(): string {
    const s = this.source as SqlSource;
    return `${s.name}:${s.table}.${s.cursorColumn}`;
  }

  private connect(): Pool {
    if (this.pool) return this.pool;
    const source = (this.source ??= resolveSource(this.uri, this.context.connections));
    this.pool = createPool(source.url, 2, this.context.hosts);
    this.writer = new SqlWriter(this.pool, source);
    return this.pool;
  }

  private async prepare(pool: Pool): Promise<void> {
    await pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${CURSOR_TABLE} (
           dag text NOT NULL, subscriber text NOT NULL, source text NOT NULL, cursor text,
           updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (dag, subscriber))`,
      )
      .catch((error: unknown) => {
        // Two subscribers creating it at once: one of them loses the race, the table is there.
        const code = error instanceof pg.DatabaseError ? error.code : undefined;
        if (code !== '23505' && code !== '42P07') throw error;
      });
    if (!this.positioned) {
      const { rows } = await pool.query<{ source: string; cursor: string | null }>(
        `SELECT source, cursor FROM ${CURSOR_TABLE} WHERE dag = $1 AND subscriber = $2`,
        [this.context.dagName, this.context.componentName],
      );
      const stored = rows[0];
      if (stored && stored.source === this.positionKey) {
        this.readCursor = this.ackedCursor = this.persistedCursor = stored.cursor;
      }
      this.positioned = true;
    }
    this.info = await readTableInfo(pool, (this.source as SqlSource).table);
  }

  private poll(pool: Pool): Promise<pg.QueryResult<Record<string, unknown>>> {
    const source = this.source as SqlSource;
    const cursor = quoteIdent(source.cursorColumn);
    const select = `SELECT *, ${cursor}::text AS ${quoteIdent(CURSOR_ALIAS)} FROM ${quoteTable(source.table)}`;
    return this.readCursor === null
      ? pool.query(`${select} WHERE ${cursor} IS NOT NULL ORDER BY ${cursor} LIMIT $1`, [
          this.config.fetch_size,
        ])
      : pool.query(`${select} WHERE ${cursor} > $1 ORDER BY ${cursor} LIMIT $2`, [
          this.readCursor,
          this.config.fetch_size,
        ]);
  }

  private async run(sink: SubscriberSink): Promise<void> {
    const signal = this.abort.signal;
    const clock = this.context.clock;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        if (this.gate.paused) {
          await this.gate.passed();
          continue;
        }
        const pool = this.connect();
        if (!this.info) await this.prepare(pool);
        const { rows } = await this.poll(pool);
        attempt = 0;
        if (!this.connected) {
          this.connected = true;
          sink.connection({ state: 'connected' });
        }
        this.emptyAtLastPoll = rows.length === 0;
        if (signal.aborted) break;
        const all = this.deliver(sink, rows);
        // A full page: more may be waiting, read on at once. Paused midway: wait for resume.
        if (all && rows.length < this.config.fetch_size)
          await sleep(this.config.poll_interval_ms, clock, signal);
      } catch (error) {
        if (signal.aborted) break;
        this.connected = false;
        this.info = undefined; // read the columns again: the table may have changed
        attempt++;
        const delay = backoffDelay(attempt, 200, 10_000);
        sink.connection({
          state: 'reconnecting',
          error: safeMessage(error, this.source?.url),
          nextRetryAt: clock.now() + delay,
        });
        await sleep(delay, clock, signal).catch(() => {});
      }
    }
  }

  /** Delivers rows until paused; whether all were delivered. */
  private deliver(sink: SubscriberSink, rows: Record<string, unknown>[]): boolean {
    const table = (this.source as SqlSource).table;
    const payload = this.info?.payload;
    for (const { [CURSOR_ALIAS]: rowCursor, ...row } of rows) {
      if (this.gate.paused || this.abort.signal.aborted) return false;
      const cursor = String(rowCursor);
      this.readCursor = cursor;
      const entry: PendingRow = { cursor, acked: false };
      this.pending.push(entry);
      const ack = () => this.acknowledge(entry);
      const origin = `${table}:${cursor}`;
      if (!payload) {
        // A json column may nest as deep as PostgreSQL lets it: refused here, never walked.
        if (nestsTooDeep(row)) sink.reject({ reason: TOO_DEEP_REASON, preview: '', origin }, ack);
        else sink.deliver(jsonSafe(row) as Message, ack);
        continue;
      }
      const value = row[payload.name];
      if (value === null || value === undefined) {
        sink.reject({ reason: 'payload is NULL', preview: 'NULL', origin, raw: '' }, ack);
        continue;
      }
      if (nestsTooDeep(value)) {
        sink.reject({ reason: TOO_DEEP_REASON, preview: '', origin }, ack);
        continue;
      }
      let parsed: unknown = value;
      const raw = typeof value === 'string' && payload.text ? value : JSON.stringify(value);
      if (payload.text) {
        try {
          parsed = JSON.parse(raw);
        } catch (error) {
          const reason = `not JSON: ${errorMessage(error)}`;
          sink.reject({ reason, preview: preview(raw), origin, raw }, ack);
          continue;
        }
      }
      if (!isMessage(parsed))
        sink.reject({ reason: 'not a JSON object', preview: preview(raw), origin, raw }, ack);
      else if (nestsTooDeep(parsed))
        sink.reject({ reason: TOO_DEEP_REASON, preview: preview(raw), origin, raw }, ack);
      else sink.deliver(parsed, ack);
    }
    return true;
  }

  private acknowledge(entry: PendingRow): void {
    if (entry.acked) return;
    entry.acked = true;
    const pending = this.pending;
    let head = this.pendingHead;
    const before = head;
    while (head < pending.length && (pending[head] as PendingRow).acked) {
      this.ackedCursor = (pending[head] as PendingRow).cursor;
      head++;
    }
    if (head === before) return;
    if (head === pending.length) {
      this.pending = [];
      head = 0;
    } else if (head > 1024 && head * 2 > pending.length) {
      this.pending = pending.slice(head);
      head = 0;
    }
    this.pendingHead = head;
    this.schedulePersist();
  }

  /** Stores the acknowledged cursor; at most one write in flight, later acks coalesced. */
  private schedulePersist(): void {
    if (this.persisting) {
      this.persistAgain = true;
      return;
    }
    this.persisting = this.persist()
      .catch(() => {}) // stored again at the next acknowledgement or at stop
      .finally(() => {
        this.persisting = undefined;
        if (this.persistAgain) {
          this.persistAgain = false;
          this.schedulePersist();
        }
      });
  }

  private async persist(): Promise<void> {
    const cursor = this.ackedCursor;
    if (cursor === this.persistedCursor || !this.source) return;
    const text = `INSERT INTO ${CURSOR_TABLE} (dag, subscriber, source, cursor) VALUES ($1, $2, $3, $4)
      ON CONFLICT (dag, subscriber)
      DO UPDATE SET source = EXCLUDED.source, cursor = EXCLUDED.cursor, updated_at = now()`;
    const values = [this.context.dagName, this.context.componentName, this.positionKey, cursor];
    if (this.pool && !this.poolClosed) await this.pool.query(text, values);
    else {
      // Acknowledged after stop (the engine acknowledges what it computes while stopping): a
      // short-lived connection, so that stop leaves nothing open.
      const client = new pg.Client({
        connectionString: this.source.url,
        connectionTimeoutMillis: 5_000,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query(text, values);
      } finally {
        await client.end().catch(() => {});
      }
    }
    this.persistedCursor = cursor;
  }

  pause(): void {
    this.gate.pause();
  }

  resume(): void {
    this.gate.resume();
  }

  async stop(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.gate.wake();
    await this.loop;
    while (this.persisting) await this.persisting;
    if (this.pool && this.positioned) await this.persist().catch(() => {});
    this.poolClosed = true;
    await this.pool?.end().catch(() => {});
  }

  isDrained(): boolean {
    return this.emptyAtLastPoll;
  }

  /** Inserts the message into the source's table, as the publisher does. */
  async inject(message: Message): Promise<void> {
    const source = (this.source ??= resolveSource(this.uri, this.context.connections));
    const own =
      this.writer && !this.poolClosed ? undefined : createPool(source.url, 1, this.context.hosts);
    try {
      await (own ? new SqlWriter(own, source) : (this.writer as SqlWriter)).insert([message]);
    } catch (error) {
      if (error instanceof PayloadError) throw error;
      throw new AdapterError(safeMessage(error, source.url), undefined, { cause: error });
    } finally {
      await own?.end().catch(() => {});
    }
  }
}

export const sqlSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.sql> = {
  configSchema: subscriberConfigSchemas.sql,
  createSubscriber: (config, context) => new SqlSubscriber(config.source, config, context),
};

export const sqlPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.sql> = {
  configSchema: publisherConfigSchemas.sql,
  createPublisher(config, context) {
    let source: SqlSource | undefined;
    let pool: Pool | undefined;
    let writer: SqlWriter | undefined;
    let status: ConnectionStatus = { state: 'connecting' };

    const ensureWriter = (): SqlWriter => {
      if (writer) return writer;
      source ??= resolveSource(config.destination, context.connections);
      pool = createPool(source.url, 1, context.hosts);
      writer = new SqlWriter(pool, source);
      return writer;
    };

    return {
      uri: config.destination,
      async start() {
        try {
          ensureWriter(); // connects at the first publish
        } catch (error) {
          // A missing source: shown by connectionStatus() and by every publish; the DAG runs on.
          status = { state: 'reconnecting', error: safeMessage(error) };
        }
      },
      // Failures other than a PayloadError are retried, in order, by the engine's PublisherHandle.
      async publish(batch) {
        try {
          await ensureWriter().insert(batch);
        } catch (error) {
          if (error instanceof PayloadError) throw error;
          const message = safeMessage(error, source?.url);
          if (isConnectionError(error)) status = { state: 'reconnecting', error: message };
          throw new AdapterError(message, undefined, { cause: error });
        }
        if (status.state !== 'connected') status = { state: 'connected' };
      },
      async stop() {
        status = { state: 'closed' };
        const closing = pool;
        pool = undefined;
        writer = undefined;
        await closing?.end().catch(() => {});
      },
      connectionStatus: () => status,
    };
  },
};
