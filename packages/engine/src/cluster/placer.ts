import { listMembers } from './election';
import { place } from './ownership';
import { readOwners, writeOwners } from './owners';
import type { NodeSession } from './session';
import type { DagPlacement } from './types';
import { sleep } from './zk';

/** How long the leader waits for more changes before it places the DAGs again. */
const DEBOUNCE_MS = 100;

export interface PlacerDeps {
  readonly electionDir: string;
  readonly ownersDir: string;
  /** The session while this node leads (partitioned mode), else undefined. */
  readonly leading: () => NodeSession | undefined;
  readonly report: (error: unknown) => void;
  readonly signal: AbortSignal;
}

/**
 * The leader's side of partitioned mode: on a new term, a membership change or new placements
 * (debounced), it reads the owners written (a new leader starts from them), places the DAGs over
 * the live members with `place` and writes only what changed, fenced by its election znode.
 * Nothing is placed before the first `set` (a new leader must not drop owners it was not told of).
 */
export class Placer {
  private placements: readonly DagPlacement[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;

  constructor(private readonly deps: PlacerDeps) {}

  set(dags: readonly DagPlacement[]): void {
    this.placements = dags.map((d) => ({ name: d.name, replicas: d.replicas }));
    this.schedule();
  }

  schedule(): void {
    if (this.timer || this.deps.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, DEBOUNCE_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    const session = this.deps.leading();
    const placements = this.placements;
    if (!session?.candidate || !placements) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      const { zk } = session;
      const { electionDir, ownersDir } = this.deps;
      const members = (await listMembers(zk, electionDir, new Map(session.memberCache))).map(
        (m) => m.id,
      );
      const current = await readOwners(zk, ownersDir);
      const next = place(placements, members, current);
      const fence = `${electionDir}/${session.candidate.name}`;
      await writeOwners(zk, ownersDir, fence, session.candidate.seq, current, next);
    } catch (error) {
      if (this.deps.leading() === session) {
        this.deps.report(error);
        this.again = true;
        await sleep(1000, this.deps.signal).catch(() => undefined);
      }
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }
}
