import type { Pool, QueryResult } from 'pg';
import { subscriberConfigSchemas } from '@flow/shared';
import type { z } from 'zod';
import { errorMessage } from '../../errors';
import { isMessage, nestsTooDeep, preview, TOO_DEEP_REASON, type Message } from '../../message';
import { ContiguousAcks } from '../contiguous-acks';
import { PauseGate } from '../pause-gate';
import { backoffDelay, sleep } from '../retry';
import type { AdapterContext, Subscriber, SubscriberAdapter, SubscriberSink } from '../types';
import { createPool, resolveSource, safeMessage, type SqlSource } from './client';
import { SqlCursorStore } from './cursor-store';
import { quoteIdent, quoteTable, readTableInfo, type TableInfo } from './table';
import { deliverTestMessage } from '../test-message';

/*
 * Reading a source's table by polling: `SELECT * ... WHERE cursor > $1 ORDER BY cursor LIMIT
 * fetch_size`. The highest contiguously acknowledged cursor is stored (cursor-store.ts), so after
 * a restart acknowledged rows never come again and the others do. The cursor is compared in the
 * column's own type.
 * Caveat of every cursor poller: a row whose cursor is lower than one already read (a serial
 * taken by a transaction that committed later) is not seen.
 *
 * A row of a plain table is a message (column -> value). A row of a message table carries the
 * JSON object in `payload`; a row whose `payload` is not a JSON object (SQL NULL, invalid JSON in
 * a text column, an array, a number) is a bad payload: rejected with its origin, and acknowledged.
 */

type SqlSubscriberConfig = z.output<typeof subscriberConfigSchemas.sql>;

/** The cursor of each row as text, selected besides `*` and removed from the message. */
const CURSOR_ALIAS = '__flow_cursor';

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

class SqlSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private source: SqlSource | undefined;
  private pool: Pool | undefined;
  /** Where test messages go while running. */
  private sink: SubscriberSink | undefined;
  private cursors: SqlCursorStore | undefined;
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
  /** Delivered rows not yet contiguously acknowledged. */
  private readonly acks = new ContiguousAcks<string>();
  private poolClosed = false;

  constructor(
    readonly uri: string,
    private readonly config: SqlSubscriberConfig,
    private readonly context: AdapterContext,
  ) {}

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connecting' });
    this.sink = sink;
    this.loop = this.run(sink);
  }

  private connect(): Pool {
    if (this.pool) return this.pool;
    const source = (this.source ??= resolveSource(this.uri, this.context.connections));
    this.pool = createPool(source.url, 2, this.context.hosts);
    this.cursors = new SqlCursorStore(this.pool, source, this.context);
    return this.pool;
  }

  private async prepare(pool: Pool): Promise<void> {
    const cursors = this.cursors as SqlCursorStore;
    await cursors.ensureTable();
    if (!this.positioned) {
      this.readCursor = await cursors.load();
      this.positioned = true;
    }
    this.info = await readTableInfo(pool, (this.source as SqlSource).table);
  }

  private poll(pool: Pool): Promise<QueryResult<Record<string, unknown>>> {
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
      const ack = this.acknowledger(cursor);
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

  /** A delivered row's acknowledgement: the cursor is stored once the rows before it are acknowledged. */
  private acknowledger(cursor: string): () => void {
    const ack = this.acks.push(cursor);
    return () => {
      if (!ack()) return;
      const done = this.acks.advance();
      if (done !== undefined) this.cursors?.acknowledged(done);
    };
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
    await this.cursors?.close(); // what is acknowledged from now on is stored without the pool
    this.poolClosed = true;
    await this.pool?.end().catch(() => {});
  }

  isDrained(): boolean {
    return this.emptyAtLastPoll;
  }

  /** Handed to the node as if read: the table is the user's data and gets no row. */
  async inject(message: Message): Promise<void> {
    deliverTestMessage(this.abort.signal.aborted ? undefined : this.sink, message, this.uri);
    return Promise.resolve();
  }
}

export const sqlSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.sql> = {
  configSchema: subscriberConfigSchemas.sql,
  createSubscriber: (config, context) => new SqlSubscriber(config.source, config, context),
};
