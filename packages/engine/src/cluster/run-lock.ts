import type { RunLock } from './types';
import {
  CreateMode,
  isConnectionLoss,
  isZkCode,
  sleep,
  ZkCode,
  zxidNumber,
  type ZkSession,
} from './zk';

/**
 * The run lock of one replica of a DAG: the EPHEMERAL znode `running/<dag>~<replica>` (the DAG's
 * name URL-encoded), data {member, at}. Whoever holds it may run that replica; it goes with the
 * holder's session. Its czxid (the zxid of its creation) is the fencing token: a later grant
 * always has a higher one.
 */
export const runLockPath = (dir: string, dag: string, replica: number): string =>
  `${dir}/${encodeURIComponent(dag)}~${replica}`;

/** The session a lock is taken in: it ends (resolves `ended`) on expiry or close. */
export interface LockSession {
  readonly zk: ZkSession;
  readonly memberId: string;
  readonly ended: Promise<void>;
  /** The locks held in this session (a close deletes them first). */
  readonly locks: Set<HeldRunLock>;
  isEnded(): boolean;
}

export class HeldRunLock implements RunLock {
  private released = false;

  constructor(
    readonly dag: string,
    readonly replica: number,
    readonly epoch: number,
    readonly path: string,
    private readonly session: LockSession,
    private readonly onReleased: (lock: HeldRunLock) => void,
  ) {}

  /**
   * Deletes the lock znode if it is still this grant (same czxid, our session): the
   * acknowledgement that this replica stopped. Once the session ended it is gone already.
   */
  async release(): Promise<void> {
    if (this.released) return;
    if (!this.session.isEnded()) {
      const { zk } = this.session;
      const stat = await zk.exists(this.path);
      if (stat && zxidNumber(stat.czxid) === this.epoch && zk.ownsEphemeral(stat)) {
        await zk.remove(this.path, stat.version);
      }
    }
    this.released = true;
    this.onReleased(this);
  }
}

/**
 * One try at the lock: held (ours now, or already ours in this session: a create whose reply was
 * lost), or 'retry' once the holder's znode went, the session ended or `recheckMs` passed.
 * Rejects when `signal` aborts, and with a ZkError on a lost connection (retry once reconnected).
 */
export async function tryRunLock(
  session: LockSession,
  path: string,
  signal: AbortSignal,
  recheckMs: number,
): Promise<{ epoch: number } | 'retry'> {
  const { zk } = session;
  signal.throwIfAborted();
  try {
    const data = Buffer.from(JSON.stringify({ member: session.memberId, at: Date.now() }));
    await zk.create(path, data, CreateMode.EPHEMERAL);
  } catch (error) {
    if (!isZkCode(error, ZkCode.NODE_EXISTS)) throw error;
  }
  let wake: () => void = () => undefined;
  const changed = new Promise<void>((resolve) => (wake = resolve));
  const stat = await zk.exists(path, () => wake());
  if (!stat) return 'retry';
  if (zk.ownsEphemeral(stat)) return { epoch: zxidNumber(stat.czxid) };
  signal.throwIfAborted();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      changed,
      session.ended,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, recheckMs))),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  return 'retry';
}

export interface AcquireRequest {
  readonly dag: string;
  readonly replica: number;
  readonly path: string;
  readonly signal: AbortSignal;
  /** How long to wait for a holder's znode to go before looking again anyway. */
  readonly recheckMs: number;
  /** Resolves with the session once the node is joined (leader or standby) again. */
  readonly untilJoined: () => Promise<LockSession>;
  /** Whether the node is joined now. */
  readonly joined: () => boolean;
}

/**
 * Waits (joined, through reconnects and new sessions) until the lock is ours, or rejects when the
 * signal aborts. A lock taken while the node stepped down is looked at again once it is joined:
 * still ours in the same session, it is ours again then.
 */
export async function acquireRunLock(request: AcquireRequest): Promise<RunLock> {
  const { dag, replica, path, signal } = request;
  for (;;) {
    const session = await request.untilJoined();
    try {
      const got = await tryRunLock(session, path, signal, request.recheckMs);
      if (got === 'retry' || session.isEnded() || !request.joined()) continue;
      const lock = new HeldRunLock(dag, replica, got.epoch, path, session, (l) =>
        session.locks.delete(l),
      );
      session.locks.add(lock);
      return lock;
    } catch (error) {
      signal.throwIfAborted();
      if (!isConnectionLoss(error) && !isZkCode(error, ZkCode.SESSION_EXPIRED)) throw error;
      await sleep(100, signal);
    }
  }
}
