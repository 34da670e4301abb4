import pg from 'pg';
import type { Pool } from 'pg';
import type { SqlSource } from './client';

/*
 * Where a SQL subscriber's position lives: the highest contiguously acknowledged cursor, kept in
 * `flow_sql_cursors` in the source's own database (created if missing), one row per DAG and
 * subscriber, stored as text. The row also names the source, table and cursor column it belongs
 * to: a subscriber whose source changed starts afresh.
 */

const CURSOR_TABLE = 'flow_sql_cursors';

/** The subscriber a position belongs to. */
export interface CursorOwner {
  readonly dagName: string;
  readonly componentName: string;
}

/** Reads and writes one subscriber's stored cursor, on the subscriber's pool while it is open. */
export class SqlCursorStore {
  /** The highest contiguously acknowledged cursor. */
  private acked: string | null = null;
  /** The cursor last written. */
  private stored: string | null = null;
  private writing: Promise<void> | undefined;
  private writeAgain = false;
  private poolOpen = true;

  constructor(
    private readonly pool: Pool,
    private readonly source: SqlSource,
    private readonly owner: CursorOwner,
  ) {}

  /** The key of this subscriber's position: a changed source, table or cursor starts afresh. */
  private get key(): string {
    const s = this.source;
    return `${s.name}:${s.table}.${s.cursorColumn}`;
  }

  /** Creates the cursor table if it is missing. */
  async ensureTable(): Promise<void> {
    await this.pool
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
  }

  /**
   * The cursor stored for this subscriber: null when there is none, or when it was stored for
   * another source, table or cursor column.
   */
  async load(): Promise<string | null> {
    const { rows } = await this.pool.query<{ source: string; cursor: string | null }>(
      `SELECT source, cursor FROM ${CURSOR_TABLE} WHERE dag = $1 AND subscriber = $2`,
      [this.owner.dagName, this.owner.componentName],
    );
    const found = rows[0];
    if (!found || found.source !== this.key) return null;
    this.acked = this.stored = found.cursor;
    return found.cursor;
  }

  /** Stores a new acknowledged cursor: at most one write in flight, later ones coalesced. */
  acknowledged(cursor: string): void {
    this.acked = cursor;
    this.schedule();
  }

  private schedule(): void {
    if (this.writing) {
      this.writeAgain = true;
      return;
    }
    this.writing = this.write()
      .catch(() => {}) // stored again at the next acknowledgement or at close
      .finally(() => {
        this.writing = undefined;
        if (this.writeAgain) {
          this.writeAgain = false;
          this.schedule();
        }
      });
  }

  private async write(): Promise<void> {
    const cursor = this.acked;
    if (cursor === this.stored) return;
    const text = `INSERT INTO ${CURSOR_TABLE} (dag, subscriber, source, cursor) VALUES ($1, $2, $3, $4)
      ON CONFLICT (dag, subscriber)
      DO UPDATE SET source = EXCLUDED.source, cursor = EXCLUDED.cursor, updated_at = now()`;
    const values = [this.owner.dagName, this.owner.componentName, this.key, cursor];
    if (this.poolOpen) await this.pool.query(text, values);
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
    this.stored = cursor;
  }

  /**
   * Waits for the write in flight and stores the last acknowledged cursor, before the pool is
   * ended; what is acknowledged after that is stored on a connection of its own.
   */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.write().catch(() => {});
    this.poolOpen = false;
  }
}
