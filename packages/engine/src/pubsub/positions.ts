/** Where a file subscriber is in its file: the end of the last acknowledged line. */
export interface FilePosition {
  /** Byte offset just after the line. */
  readonly offset: number;
  /** Its line number (1-based), so that origins like `orders.jsonl:12` stay right. */
  readonly line: number;
}

/** Whose position it is: one per DAG, subscriber and resolved file. */
export interface PositionKey {
  readonly dag: string;
  readonly subscriber: string;
  readonly file: string;
}

/** Keeps file positions across saves, restores and restarts (the server keeps them in its database). */
export interface PositionStore {
  load(key: PositionKey): Promise<FilePosition | undefined>;
  save(key: PositionKey, position: FilePosition): Promise<void>;
}

/** Positions kept for the life of the process: the default when no store is given. */
export class MemoryPositionStore implements PositionStore {
  private readonly positions = new Map<string, FilePosition>();

  async load(key: PositionKey): Promise<FilePosition | undefined> {
    return this.positions.get(JSON.stringify([key.dag, key.subscriber, key.file]));
  }

  async save(key: PositionKey, position: FilePosition): Promise<void> {
    this.positions.set(JSON.stringify([key.dag, key.subscriber, key.file]), position);
  }
}
