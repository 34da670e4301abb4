import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { publisherConfigSchemas } from '@flow/shared';
import { AdapterError, errorMessage, PayloadError } from '../../errors';
import type { Message } from '../../message';
import type { ConnectionStatus, PublisherAdapter } from '../types';
import {
  createPool,
  isConnectionError,
  resolveSource,
  safeMessage,
  type SqlSource,
} from './client';
import { quoteIdent, quoteTable, readTableInfo, type Column, type TableInfo } from './table';

/*
 * Writing messages as rows: into a plain table each message is a row (column -> value), and a
 * message whose keys are not all columns of the table is refused; into a message table the whole
 * message goes, as JSON, into `payload`.
 */

/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535;

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
export class SqlWriter {
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
