import type { ClusterMember } from './types';
import { CreateMode, isConnectionLoss, type Watcher, type ZkSession } from './zk';

/**
 * Leader election over EPHEMERAL_SEQUENTIAL znodes `election/n_<guid>_<seq>` (ZooKeeper's
 * recipe): the lowest sequence number leads; every other candidate watches only the one just
 * below it (no herd when the leader goes), and looks again when that one is deleted.
 */

export interface Candidate {
  readonly name: string;
  readonly guid: string;
  readonly seq: number;
}

const CANDIDATE = /^n_(.+)_(\d{10,})$/;

export function parseCandidate(name: string): Candidate | undefined {
  const match = CANDIDATE.exec(name);
  return match ? { name, guid: match[1]!, seq: Number(match[2]) } : undefined;
}

/** The candidates among `children`, lowest sequence number first. */
export function candidates(children: readonly string[]): Candidate[] {
  return children
    .map(parseCandidate)
    .filter((c): c is Candidate => c !== undefined)
    .sort((a, b) => a.seq - b.seq);
}

/** Our candidate if the znode of `guid` is there (a create whose reply was lost). */
export async function findCandidate(
  zk: ZkSession,
  dir: string,
  guid: string,
): Promise<Candidate | undefined> {
  return candidates(await zk.getChildren(dir)).find((c) => c.guid === guid);
}

/**
 * Registers a candidate. A create whose reply is lost (CONNECTION_LOSS, or no answer in time) may
 * have happened: the children are listed and a znode with our guid is ours; only when there is
 * none is the create tried again. So there is never a second znode of ours. `recovering`: the
 * first attempt looks too (a session that re-registers the guid it had).
 */
export async function enterElection(
  zk: ZkSession,
  dir: string,
  guid: string,
  member: Omit<ClusterMember, 'seq'>,
  options: { readonly attempts?: number; readonly recovering?: boolean } = {},
): Promise<Candidate> {
  const attempts = options.attempts ?? 5;
  const data = Buffer.from(JSON.stringify(member));
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const lookFirst = attempt > 0 || options.recovering === true;
      const found = lookFirst ? await findCandidate(zk, dir, guid) : undefined;
      if (found) return found;
      const path = await zk.create(`${dir}/n_${guid}_`, data, CreateMode.EPHEMERAL_SEQUENTIAL);
      const created = parseCandidate(path.slice(path.lastIndexOf('/') + 1));
      if (created) return created;
      lastError = new Error(`ZooKeeper created ${path}, not an election znode`);
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

export type Standing =
  /** Lowest sequence number: leads. */
  | { readonly leading: true }
  /** Watching the candidate just below (told when it goes). */
  | { readonly leading: false; readonly predecessor: Candidate }
  /** Our znode is not there (the session lost it). */
  | { readonly gone: true };

/**
 * Where `seq` stands: leading, or watching its predecessor. `onPredecessorEvent` is called when
 * the predecessor changes (then call this again); pass the same function each time so that the
 * client keeps one watcher per path.
 */
export async function standing(
  zk: ZkSession,
  dir: string,
  seq: number,
  onPredecessorEvent: Watcher,
): Promise<Standing | { readonly gone: true }> {
  for (;;) {
    const list = candidates(await zk.getChildren(dir));
    const index = list.findIndex((c) => c.seq === seq);
    if (index < 0) return { gone: true };
    if (index === 0) return { leading: true };
    const predecessor = list[index - 1]!;
    // Still there when the watch is set: we are told when it goes. Already gone: look again.
    if (await zk.exists(`${dir}/${predecessor.name}`, onPredecessorEvent)) {
      return { leading: false, predecessor };
    }
  }
}

/**
 * The members in election order (the leader first), from the children of `dir` (watched with
 * `watch`) and their data; `cache` keeps the data read (a znode's data never changes).
 */
export async function listMembers(
  zk: ZkSession,
  dir: string,
  cache: Map<string, ClusterMember>,
  watch?: Watcher,
): Promise<ClusterMember[]> {
  const children = await zk.getChildren(dir, watch);
  const present = new Set(children);
  for (const name of cache.keys()) if (!present.has(name)) cache.delete(name);
  const list: ClusterMember[] = [];
  for (const candidate of candidates(children)) {
    const member = cache.get(candidate.name) ?? (await readMember(zk, dir, candidate));
    if (!member) continue;
    cache.set(candidate.name, member);
    list.push(member);
  }
  return list;
}

/** The member a candidate registered (its znode's data), or undefined when gone or unreadable. */
export async function readMember(
  zk: ZkSession,
  dir: string,
  candidate: Candidate,
): Promise<ClusterMember | undefined> {
  const got = await zk.getData(`${dir}/${candidate.name}`);
  if (!got) return undefined;
  try {
    const value: unknown = JSON.parse(got.data.toString('utf8'));
    if (!isMemberData(value)) return undefined;
    return {
      id: value.id,
      name: value.name,
      url: value.url,
      joinedAt: value.joinedAt,
      seq: candidate.seq,
    };
  } catch {
    return undefined;
  }
}

function isMemberData(value: unknown): value is Omit<ClusterMember, 'seq'> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.url === 'string' &&
    typeof v.joinedAt === 'number'
  );
}
