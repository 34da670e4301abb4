import type { DagState } from '@flow/engine';
import type { DagVersions } from '@flow/shared';
import type { Database } from './database';

export interface StoredDag extends DagVersions {
  readonly name: string;
  /** The version of `config` (the latest unless another was asked for). */
  readonly version: number;
  readonly config: Record<string, unknown>;
  readonly desiredState: DagState;
  readonly updatedAt: string;
}

export interface DagVersion {
  readonly version: number;
  readonly author: string;
  readonly createdAt: string;
  readonly comment: string | null;
}

/** DAG configs with their whole version history: every save is a new version. */
export class DagStore {
  constructor(private readonly db: Database) {}

  /** Saves a config as the next version of its DAG (creating the DAG); returns the version. */
  async save(
    config: Record<string, unknown> & { name: string },
    author: string,
    comment: string | null = null,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query<{ current_version: number }>(
        'SELECT current_version FROM dags WHERE name = $1 FOR UPDATE',
        [config.name],
      );
      const [latest] = await tx.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM dag_versions WHERE dag_name = $1',
        [config.name],
      );
      const version = Number(latest?.v ?? 0) + 1;
      if (existing)
        await tx.query(
          `UPDATE dags SET current_version = $2, updated_at = now(),
                  deployed_version = CASE WHEN deleted THEN NULL ELSE deployed_version END, deleted = false
            WHERE name = $1`,
          [config.name, version],
        );
      else
        await tx.query('INSERT INTO dags (name, current_version) VALUES ($1, $2)', [
          config.name,
          version,
        ]);
      await tx.query(
        'INSERT INTO dag_versions (dag_name, version, config, author, comment) VALUES ($1, $2, $3, $4, $5)',
        [config.name, version, JSON.stringify(config), author, comment],
      );
      return version;
    });
  }

  async get(name: string, version?: number): Promise<StoredDag | undefined> {
    const [row] = await this.db.query<{
      name: string;
      version: number;
      config: Record<string, unknown> | string;
      desired_state: DagState;
      updated_at: string | Date;
      current_version: number;
      deployed_version: number | null;
    }>(
      `SELECT d.name, v.version, v.config, d.desired_state, d.updated_at, d.current_version, d.deployed_version
         FROM dags d JOIN dag_versions v ON v.dag_name = d.name AND v.version = coalesce($2, d.current_version)
        WHERE d.name = $1 AND NOT d.deleted`,
      [name, version ?? null],
    );
    if (!row) return undefined;
    return {
      name: row.name,
      version: Number(row.version),
      config:
        typeof row.config === 'string'
          ? (JSON.parse(row.config) as Record<string, unknown>)
          : row.config,
      desiredState: row.desired_state,
      updatedAt: new Date(row.updated_at).toISOString(),
      latestVersion: Number(row.current_version),
      deployedVersion: row.deployed_version === null ? null : Number(row.deployed_version),
    };
  }

  /** The deployed and latest version of every DAG, by name (one query, for the dashboard). */
  async versions(): Promise<Map<string, DagVersions>> {
    const rows = await this.db.query<{
      name: string;
      current_version: number;
      deployed_version: number | null;
    }>('SELECT name, current_version, deployed_version FROM dags WHERE NOT deleted');
    return new Map(
      rows.map((r) => [
        r.name,
        {
          latestVersion: Number(r.current_version),
          deployedVersion: r.deployed_version === null ? null : Number(r.deployed_version),
        },
      ]),
    );
  }

  /**
   * Records `version` as the one the DAG runs (and its desired state, when given); returns the
   * version deployed before, `null` when none was.
   */
  async setDeployed(name: string, version: number, state?: DagState): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ deployed_version: number | null }>(
        'SELECT deployed_version FROM dags WHERE name = $1 FOR UPDATE',
        [name],
      );
      await tx.query(
        'UPDATE dags SET deployed_version = $2, desired_state = coalesce($3, desired_state) WHERE name = $1',
        [name, version, state ?? null],
      );
      const before = row?.deployed_version ?? null;
      return before === null ? null : Number(before);
    });
  }

  async list(): Promise<StoredDag[]> {
    const names = await this.db.query<{ name: string }>(
      'SELECT name FROM dags WHERE NOT deleted ORDER BY name',
    );
    const dags = await Promise.all(names.map((n) => this.get(n.name)));
    return dags.filter((d): d is StoredDag => d !== undefined);
  }

  async history(name: string): Promise<DagVersion[]> {
    const rows = await this.db.query<{
      version: number;
      author: string;
      created_at: string | Date;
      comment: string | null;
    }>(
      'SELECT version, author, created_at, comment FROM dag_versions WHERE dag_name = $1 ORDER BY version DESC',
      [name],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      author: r.author,
      createdAt: new Date(r.created_at).toISOString(),
      comment: r.comment,
    }));
  }

  /** `tx`: inside a transaction (a fenced write). */
  async setDesiredState(
    name: string,
    state: DagState,
    tx: Pick<Database, 'query'> = this.db,
  ): Promise<void> {
    await tx.query('UPDATE dags SET desired_state = $2 WHERE name = $1', [name, state]);
  }

  /** Marks the DAG deleted; its history stays for the audit trail. */
  async delete(name: string): Promise<boolean> {
    const rows = await this.db.query<{ name: string }>(
      'UPDATE dags SET deleted = true, desired_state = $2 WHERE name = $1 AND NOT deleted RETURNING name',
      [name, 'stopped'],
    );
    return rows.length > 0;
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.db.query<{ name: string }>(
      'SELECT name FROM dags WHERE name = $1 AND NOT deleted',
      [name],
    );
    return rows.length > 0;
  }
}
