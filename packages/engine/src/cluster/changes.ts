import { CreateMode, isZkCode, ZkCode, type Watcher, type ZkSession } from './zk';

/**
 * "Read DAG x again": the data of the `changes` znode, `{dag, by, at, recent}`, set by whoever
 * changed a DAG; everyone watches it. A watch fires once per change it sees, and two changes can
 * land before the watch is set again: `recent` (the last RECENT DAG names, newest last) and the
 * znode's version say which DAGs a reader missed, so none is lost to that race.
 */
export interface ChangeData {
  readonly dag: string;
  readonly by: string;
  readonly at: number;
  readonly recent: readonly string[];
}

const RECENT = 32;
const MAX_ATTEMPTS = 20;

/** Sets the `changes` data (compare-and-set on its version, so no announcement overwrites another's `recent`). */
export async function announceChange(
  zk: ZkSession,
  path: string,
  dag: string,
  by: string,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const got = await zk.getData(path);
    const previous = got ? parseChange(got.data) : undefined;
    const recent = [...(previous?.recent ?? []), dag].slice(-RECENT);
    const data = Buffer.from(
      JSON.stringify({ dag, by, at: Date.now(), recent } satisfies ChangeData),
    );
    try {
      if (got) await zk.setData(path, data, got.stat.version);
      else await zk.create(path, data, CreateMode.PERSISTENT);
      return;
    } catch (error) {
      // Someone announced in between: read again.
      if (!isZkCode(error, ZkCode.BAD_VERSION) && !isZkCode(error, ZkCode.NODE_EXISTS)) throw error;
    }
  }
  throw new Error(
    `ZooKeeper ${path}: could not announce "${dag}" (${MAX_ATTEMPTS} announcements in between)`,
  );
}

export function parseChange(data: Buffer): ChangeData | undefined {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.dag !== 'string') return undefined;
    const recent = Array.isArray(v.recent)
      ? v.recent.filter((d): d is string => typeof d === 'string')
      : [v.dag];
    return {
      dag: v.dag,
      by: typeof v.by === 'string' ? v.by : '',
      at: typeof v.at === 'number' ? v.at : 0,
      recent,
    };
  } catch {
    return undefined;
  }
}

/**
 * Tracks the `changes` version seen and turns each read into the DAGs changed since the last one
 * (oldest first, each once). The first read only notes the version: what changed before we
 * looked is read from PostgreSQL anyway.
 */
export class ChangeFeed {
  private version: number | undefined;

  constructor(
    private readonly path: string,
    private readonly watcher: Watcher,
  ) {}

  async read(zk: ZkSession): Promise<string[]> {
    let got = await zk.getData(this.path, this.watcher);
    if (!got) {
      // Not there (yet): watch for its creation, then read it if it came meanwhile.
      if (!(await zk.exists(this.path, this.watcher))) {
        this.version ??= -1; // its creation (version 0) is the first change
        return [];
      }
      got = await zk.getData(this.path, this.watcher);
      if (!got) return [];
    }
    const { version } = got.stat;
    const last = this.version;
    if (last !== undefined && version === last) return [];
    this.version = version;
    const change = parseChange(got.data);
    if (last === undefined || !change) return [];
    // A version lower than ours: the znode was made anew; at least its last DAG changed.
    const missed = version > last ? version - last : 1;
    return [...new Set(change.recent.slice(-missed))];
  }
}
