import { ownerChanges } from './ownership';
import { CreateMode, type Watcher, type ZkSession } from './zk';

/**
 * The owners of each DAG in partitioned mode: PERSISTENT `owners/<dag>` (URL-encoded), data
 * `{"owners": [memberId, ...], "epoch": leaderSeq}`, written by the leader only and watched by
 * everyone.
 */
export const ownerPath = (dir: string, dag: string): string => `${dir}/${encodeURIComponent(dag)}`;

function dagOf(child: string): string | undefined {
  try {
    return decodeURIComponent(child);
  } catch {
    return undefined;
  }
}

/** The owner ids in a znode's data; [] when it is not what the leader writes. */
export function parseOwners(data: Buffer): string[] {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    if (typeof value !== 'object' || value === null) return [];
    const owners = (value as Record<string, unknown>).owners;
    return Array.isArray(owners) ? owners.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

/** The owners as written now (what a new leader starts from). */
export async function readOwners(zk: ZkSession, dir: string): Promise<Map<string, string[]>> {
  const owners = new Map<string, string[]>();
  for (const child of await zk.getChildren(dir)) {
    const dag = dagOf(child);
    const got = dag === undefined ? null : await zk.getData(`${dir}/${child}`);
    if (dag !== undefined && got) owners.set(dag, parseOwners(got.data));
  }
  return owners;
}

/**
 * Writes what changed from `current` to `next` (creates, updates, removes the DAGs no longer
 * placed) in one transaction that also checks that `fence` (the leader's election znode) still
 * exists: a deposed leader writes nothing. Returns the number of DAGs written.
 */
export async function writeOwners(
  zk: ZkSession,
  dir: string,
  fence: string,
  epoch: number,
  current: ReadonlyMap<string, readonly string[]>,
  next: ReadonlyMap<string, readonly string[]>,
): Promise<number> {
  const changes = ownerChanges(current, next);
  if (changes.size === 0) return 0;
  await zk.transaction(dir, (tx) => {
    tx.check(fence);
    for (const [dag, owners] of changes) {
      const path = ownerPath(dir, dag);
      const data = Buffer.from(JSON.stringify({ owners, epoch }));
      if (!next.has(dag)) tx.remove(path);
      else if (current.has(dag)) tx.setData(path, data);
      else tx.create(path, data, CreateMode.PERSISTENT);
    }
  });
  return changes.size;
}

/** How long after a failed read (a reply not in time, on a loaded machine) it reads again. */
const RETRY_MS = 1000;

/**
 * Keeps the owners of every DAG up to date from the watches (children of `owners/`, data of each
 * child) and calls `onUpdate` with the whole map after each change. A read that fails is tried
 * again (RETRY_MS later) while the session lasts: a DAG whose owners were never read would have
 * no runner on this node. One per session.
 */
export class OwnersWatch {
  private readonly owners = new Map<string, string[]>();
  private readonly dataWatchers = new Map<string, Watcher>();
  private readonly childWatcher: Watcher = () => this.guard(this.refresh(false));
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly zk: ZkSession,
    private readonly dir: string,
    private readonly active: () => boolean,
    private readonly onUpdate: (owners: ReadonlyMap<string, readonly string[]>) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Reads every child again (on start and after a reconnect) and sets the watches. */
  start(): Promise<void> {
    return this.refresh(true);
  }

  private async refresh(all: boolean): Promise<void> {
    if (!this.active()) return;
    const children = await this.zk.getChildren(this.dir, this.childWatcher);
    const present = new Set(children);
    for (const child of this.dataWatchers.keys()) {
      if (!present.has(child)) this.forget(child);
    }
    for (const child of children) {
      if (all || !this.dataWatchers.has(child)) await this.read(child);
    }
    if (this.active()) this.onUpdate(this.owners);
  }

  private async read(child: string): Promise<void> {
    const dag = dagOf(child);
    if (dag === undefined) return;
    let watcher = this.dataWatchers.get(child);
    if (!watcher) {
      watcher = () =>
        this.guard(this.read(child).then(() => this.active() && this.onUpdate(this.owners)));
      this.dataWatchers.set(child, watcher);
    }
    let got: Awaited<ReturnType<ZkSession['getData']>>;
    try {
      got = await this.zk.getData(`${this.dir}/${child}`, watcher);
    } catch (error) {
      // Not read: the next refresh reads it again (it skips the children it has a watcher for).
      if (this.dataWatchers.get(child) === watcher) this.dataWatchers.delete(child);
      throw error;
    }
    if (got) this.owners.set(dag, parseOwners(got.data));
    else this.forget(child);
  }

  private forget(child: string): void {
    this.dataWatchers.delete(child);
    const dag = dagOf(child);
    if (dag !== undefined) this.owners.delete(dag);
  }

  private guard(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!this.active()) return;
      this.onError(error);
      if (this.retry) return;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.guard(this.refresh(false));
      }, RETRY_MS);
      this.retry.unref();
    });
  }
}
