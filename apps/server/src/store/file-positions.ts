import type { FilePosition, PositionKey, PositionStore } from '@flow/engine';
import type { Database } from './database';
import { StaleEpochError, type Fence, type FenceStore } from './fences';

/** In a cluster: the fence of this instance's run lock of a DAG (undefined: it holds none). */
export interface PositionFencing {
  readonly fences: FenceStore;
  fenceOf(dag: string): Fence | undefined;
  /** Told of a refused write (logged): never a crash of the DAG. */
  refused(error: StaleEpochError): void;
}

/** Where file subscribers are in their files, so that a save, restore or restart goes on from there. */
export class FilePositionStore implements PositionStore {
  /** Set in a cluster: writes carry the run lock's epoch and older ones are refused. */
  fencing: PositionFencing | undefined;

  constructor(private readonly db: Database) {}

  async load(key: PositionKey): Promise<FilePosition | undefined> {
    const [row] = await this.db.query<{ byte_offset: string | number; line: string | number }>(
      'SELECT byte_offset, line FROM file_positions WHERE dag_name = $1 AND subscriber = $2 AND file = $3',
      [key.dag, key.subscriber, key.file],
    );
    return row ? { offset: Number(row.byte_offset), line: Number(row.line) } : undefined;
  }

  async save(key: PositionKey, position: FilePosition): Promise<void> {
    const write = (db: Pick<Database, 'query'>) =>
      db.query(
        `INSERT INTO file_positions (dag_name, subscriber, file, byte_offset, line)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (dag_name, subscriber, file)
         DO UPDATE SET byte_offset = EXCLUDED.byte_offset, line = EXCLUDED.line, updated_at = now()`,
        [key.dag, key.subscriber, key.file, position.offset, position.line],
      );
    const fencing = this.fencing;
    if (!fencing) {
      await write(this.db);
      return;
    }
    try {
      await fencing.fences.fenced(key.dag, fencing.fenceOf(key.dag), write);
    } catch (error) {
      if (!(error instanceof StaleEpochError)) throw error;
      fencing.refused(error);
    }
  }

  /** A deleted DAG's positions go with it: a new DAG of that name reads its files from the top. */
  async forget(dag: string): Promise<void> {
    await this.db.query('DELETE FROM file_positions WHERE dag_name = $1', [dag]);
  }
}
