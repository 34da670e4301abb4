import type { ConnectionKind } from '@flow/shared';
import type { Database } from './database';

export interface StoredConnection {
  readonly kind: ConnectionKind;
  readonly name: string;
  /** With credentials: never sent to a browser or logged as is. */
  readonly settings: Record<string, unknown>;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

interface Row {
  kind: ConnectionKind;
  name: string;
  settings: Record<string, unknown> | string;
  updated_by: string;
  updated_at: Date | string;
}

const toConnection = (row: Row): StoredConnection => ({
  kind: row.kind,
  name: row.name,
  settings: typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings,
  updatedBy: row.updated_by,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Named connections managed by admins (those of FLOW_CONNECTIONS are not stored here). */
export class ConnectionStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<StoredConnection[]> {
    const rows = await this.db.query<Row>(
      'SELECT kind, name, settings, updated_by, updated_at FROM connections ORDER BY kind, name',
    );
    return rows.map(toConnection);
  }

  async get(kind: ConnectionKind, name: string): Promise<StoredConnection | undefined> {
    const [row] = await this.db.query<Row>(
      'SELECT kind, name, settings, updated_by, updated_at FROM connections WHERE kind = $1 AND name = $2',
      [kind, name],
    );
    return row ? toConnection(row) : undefined;
  }

  async save(
    kind: ConnectionKind,
    name: string,
    settings: Record<string, unknown>,
    actor: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO connections (kind, name, settings, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, name) DO UPDATE SET settings = $3, updated_by = $4, updated_at = now()`,
      [kind, name, JSON.stringify(settings), actor],
    );
  }

  async delete(kind: ConnectionKind, name: string): Promise<boolean> {
    const rows = await this.db.query<{ name: string }>(
      'DELETE FROM connections WHERE kind = $1 AND name = $2 RETURNING name',
      [kind, name],
    );
    return rows.length > 0;
  }
}
