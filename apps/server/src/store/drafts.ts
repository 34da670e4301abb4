import type { Draft, DraftSummary, Problem } from '@flow/shared';
import type { Database } from './database';

interface Row {
  name: string;
  saved_by: string;
  saved_at: string | Date;
  problem_count: number | string;
  current_version: number | null;
  latest_at: string | Date | null;
}

const iso = (t: string | Date) => new Date(t).toISOString();

function summary(row: Row): DraftSummary {
  return {
    name: row.name,
    savedBy: row.saved_by,
    savedAt: iso(row.saved_at),
    problemCount: Number(row.problem_count),
    latestVersion: row.current_version === null ? null : Number(row.current_version),
    latestSavedAt: row.latest_at === null ? null : iso(row.latest_at),
  };
}

/** The draft, with the DAG's latest version (none for a deleted or never saved DAG). */
const SELECT = `
  SELECT r.name, r.saved_by, r.saved_at, jsonb_array_length(r.problems) AS problem_count,
         d.current_version, v.created_at AS latest_at
    FROM dag_drafts r
    LEFT JOIN dags d ON d.name = r.name AND NOT d.deleted
    LEFT JOIN dag_versions v ON v.dag_name = d.name AND v.version = d.current_version`;

/**
 * Drafts: a DAG config saved with its problems, one per DAG name (a new draft replaces the last).
 * Nothing runs a draft: the engine loads saved versions only.
 */
export class DraftStore {
  constructor(private readonly db: Database) {}

  /** Stores the draft of `name`, replacing the one it had; returns when it was saved. */
  async put(
    name: string,
    config: Record<string, unknown>,
    problems: readonly Problem[],
    savedBy: string,
  ): Promise<string> {
    const [row] = await this.db.query<{ saved_at: string | Date }>(
      `INSERT INTO dag_drafts (name, config, problems, saved_by, saved_at)
            VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name) DO UPDATE
             SET config = excluded.config, problems = excluded.problems,
                 saved_by = excluded.saved_by, saved_at = excluded.saved_at
       RETURNING saved_at`,
      [name, JSON.stringify(config), JSON.stringify(problems), savedBy],
    );
    return iso(row!.saved_at);
  }

  async get(name: string): Promise<Draft | undefined> {
    const [row] = await this.db.query<
      Row & { config: Record<string, unknown> | string; problems: Problem[] | string }
    >(`${SELECT.replace('SELECT', 'SELECT r.config, r.problems,')} WHERE r.name = $1`, [name]);
    if (!row) return undefined;
    const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    return { ...summary(row), config: parse(row.config), problems: parse(row.problems) };
  }

  async list(): Promise<DraftSummary[]> {
    const rows = await this.db.query<Row>(`${SELECT} ORDER BY r.name`);
    return rows.map(summary);
  }

  /** Removes the draft of `name` (a valid save, a delete); whether it had one. */
  async remove(name: string): Promise<boolean> {
    const rows = await this.db.query<{ name: string }>(
      'DELETE FROM dag_drafts WHERE name = $1 RETURNING name',
      [name],
    );
    return rows.length > 0;
  }
}
