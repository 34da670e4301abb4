import type { Database } from './database';

/** A write of a DAG's state by an instance whose run lock is older than the newest one recorded. */
export class StaleEpochError extends Error {
  override readonly name = 'StaleEpochError';
  constructor(
    readonly dag: string,
    readonly epoch: number | undefined,
  ) {
    super(
      epoch === undefined
        ? `DAG "${dag}": this instance holds no run lock for it, so it may not write its state`
        : `DAG "${dag}": epoch ${epoch} is older than the one recorded: another instance runs it now`,
    );
  }
}

type Query = Pick<Database, 'query'>;

/**
 * What a run lock fences: its scope in `dag_fences` (the DAG's name for replica 0, as before
 * replicas, `<dag>~<replica>` for the others: each replica's writes fenced by its own lock) and
 * its epoch.
 */
export interface Fence {
  readonly scope: string;
  readonly epoch: number;
}

/** The `dag_fences` key of a DAG's replica. */
export const fenceScope = (dag: string, replica: number): string =>
  replica === 0 ? dag : `${dag}~${replica}`;

/**
 * Fencing of the writes of a DAG's state (file positions, "failed -> stopped"): each run lock
 * has an epoch (its znode's czxid, growing); the newest one claimed per DAG is recorded, and a
 * write carrying an older epoch is refused. Two instances that both think they run a DAG
 * (one frozen past its session) cannot both write.
 */
export class FenceStore {
  constructor(private readonly db: Database) {}

  /** Records `epoch` as the scope's newest; false (nothing recorded) when a newer one is stored. */
  async claim(scope: string, epoch: number): Promise<boolean> {
    const rows = await this.db.query<{ epoch: string | number }>(
      `INSERT INTO dag_fences (dag_name, epoch) VALUES ($1, $2)
       ON CONFLICT (dag_name) DO UPDATE SET epoch = EXCLUDED.epoch
         WHERE dag_fences.epoch <= EXCLUDED.epoch
       RETURNING epoch`,
      [scope, epoch],
    );
    return rows.length > 0;
  }

  /**
   * Runs `write` in a transaction that first checks the epoch recorded for the fence's scope
   * (locking its row): a StaleEpochError when a newer one is recorded or there is no fence (no
   * run lock of the DAG held here).
   */
  async fenced<T>(dag: string, fence: Fence | undefined, write: (tx: Query) => Promise<T>) {
    if (fence === undefined) throw new StaleEpochError(dag, undefined);
    const { scope, epoch } = fence;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ epoch: string | number }>(
        'SELECT epoch FROM dag_fences WHERE dag_name = $1 FOR UPDATE',
        [scope],
      );
      if (row && Number(row.epoch) > epoch) throw new StaleEpochError(dag, epoch);
      return write(tx);
    });
  }
}
