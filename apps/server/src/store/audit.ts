import type { AuditEntry } from '@flow/shared';
import type { Database } from './database';

/** An entry of the log as `audit.list` answers it (the API's, written once in @flow/shared). */
export type { AuditEntry } from '@flow/shared';

export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(
    actor: string,
    action: string,
    dag: string | null = null,
    detail: unknown = null,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO audit_log (actor, action, dag, detail) VALUES ($1, $2, $3, $4)',
      [actor, action, dag, detail === null ? null : JSON.stringify(detail)],
    );
  }

  async list(limit = 100, beforeId?: number): Promise<AuditEntry[]> {
    const rows = await this.db.query<{
      id: string | number;
      at: string | Date;
      actor: string;
      action: string;
      dag: string | null;
      detail: unknown;
    }>(`SELECT * FROM audit_log WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1`, [
      limit,
      beforeId ?? null,
    ]);
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      dag: r.dag,
      detail: r.detail,
    }));
  }
}
