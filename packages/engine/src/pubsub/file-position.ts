import type { Clock, TimerHandle } from '../clock';
import type { FilePosition, PositionKey, PositionStore } from './positions';

/** At most one position write per this many milliseconds while lines are acknowledged. */
const SAVE_INTERVAL_MS = 500;

interface Pending {
  readonly end: number;
  readonly line: number;
  done: boolean;
}

/**
 * The read position of a file subscriber that survives a restart: the end of the longest run of
 * lines from the top that are all acknowledged (acks may come out of order), saved to the store
 * at most every 500 ms and on stop. A restart therefore repeats no acknowledged line and skips no
 * unacknowledged one (at-least-once).
 */
export class FilePositionTracker {
  private readonly pending: Pending[] = [];
  private head = 0;
  private committed: FilePosition = { offset: 0, line: 0 };
  private saved: FilePosition = this.committed;
  private timer: TimerHandle | undefined;
  private lastSaveAt = 0;
  private saving: Promise<void> = Promise.resolve();
  /** Bumped when the file is read again from the top, so that acks of the old run are ignored. */
  private generation = 0;

  constructor(
    private readonly store: PositionStore | undefined,
    private readonly key: PositionKey,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The stored position, or the top of the file. */
  async load(): Promise<FilePosition> {
    const stored = await this.store?.load(this.key);
    if (stored) this.committed = this.saved = stored;
    return this.committed;
  }

  /** A line read up to byte `end`; returns its ack. */
  track(end: number, line: number): () => void {
    const entry: Pending = { end, line, done: false };
    this.pending.push(entry);
    const generation = this.generation;
    return () => {
      if (generation !== this.generation || entry.done) return;
      entry.done = true;
      this.advance();
    };
  }

  /** A line that needs no ack (blank): done as soon as the ones before it are. */
  skip(end: number, line: number): void {
    this.pending.push({ end, line, done: true });
    this.advance();
  }

  /** The file shrank below the position: everything starts again from the top. */
  reset(): void {
    this.generation++;
    this.pending.length = 0;
    this.head = 0;
    this.committed = { offset: 0, line: 0 };
    this.scheduleSave();
  }

  /** Writes the position now (on stop). */
  async flush(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private advance(): void {
    const pending = this.pending;
    let head = this.head;
    while (head < pending.length && (pending[head] as Pending).done) {
      const entry = pending[head++] as Pending;
      this.committed = { offset: entry.end, line: entry.line };
    }
    if (head > 1024 && head * 2 > pending.length) {
      pending.splice(0, head);
      head = 0;
    }
    this.head = head;
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.timer || !this.store) return;
    const wait = Math.max(0, this.lastSaveAt + SAVE_INTERVAL_MS - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, wait);
  }

  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const position = this.committed;
      if (!this.store || position === this.saved) return;
      this.lastSaveAt = this.clock.now();
      try {
        await this.store.save(this.key, position);
        this.saved = position;
      } catch (error) {
        this.onError(error);
      }
    });
    return this.saving;
  }
}
