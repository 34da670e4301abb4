import { announceChange, ChangeFeed } from './changes';
import { candidates, enterElection, readMember, standing } from './election';
import { Lease, monotonicNow, Watchdog } from './lease';
import { ownerChanges, place } from './ownership';
import { OwnersWatch, readOwners, writeOwners } from './owners';
import { HeldRunLock, runLockPath, tryRunLock } from './run-lock';
import { NodeSession } from './session';
import type {
  ClusterEvent,
  ClusterMember,
  ClusterNode,
  ClusterOptions,
  ClusterRole,
  DagPlacement,
  RunLock,
} from './types';
import {
  ClusterUnavailableError,
  connectWithRetry,
  isConnectionLoss,
  isZkCode,
  sleep,
  ZkCode,
  type SessionState,
  type ZkSession,
} from './zk';

/** How long the leader waits for more changes before it places the DAGs again. */
const REBALANCE_DEBOUNCE_MS = 100;

/** The ClusterNode over ZooKeeper (see types.ts for the contract and the znode layout). */
export function createClusterNode(options: ClusterOptions): ClusterNode {
  return new ZkClusterNode(options);
}

class ZkClusterNode implements ClusterNode {
  private readonly paths: {
    root: string;
    election: string;
    owners: string;
    running: string;
    changes: string;
  };
  private readonly lease: Lease;
  private readonly watchdog: Watchdog;
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  private readonly abort = new AbortController();
  private readonly feed: ChangeFeed;
  private readonly waiters = new Set<() => void>();
  private session: NodeSession | undefined;
  private current: { role: ClusterRole; epoch: number | undefined } = {
    role: 'joining',
    epoch: undefined,
  };
  private memberList: readonly ClusterMember[] = [];
  private ownerMap: ReadonlyMap<string, readonly string[]> = new Map();
  private placements: readonly DagPlacement[] | undefined;
  private rebalanceTimer: ReturnType<typeof setTimeout> | undefined;
  private rebalancing = false;
  private rebalanceAgain = false;
  private changesChain: Promise<void> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: ClusterOptions) {
    const root = validate(options);
    this.paths = {
      root,
      election: `${root}/election`,
      owners: `${root}/owners`,
      running: `${root}/running`,
      changes: `${root}/changes`,
    };
    this.lease = new Lease(options.sessionTimeoutMs, monotonicNow, options.leaseBuffer);
    this.watchdog = new Watchdog({
      lease: this.lease,
      roundTrip: () => this.roundTrip(),
      onLapse: () => this.updateRole(),
      onRenew: () => this.updateRole(),
      onSilent: () => this.onSilent(),
    });
    this.feed = new ChangeFeed(this.paths.changes, () => this.readChanges());
  }

  get self(): ClusterMember | undefined {
    return this.session?.self;
  }
  role(): ClusterRole {
    return this.current.role;
  }
  epoch(): number | undefined {
    return this.current.epoch;
  }
  leader(): ClusterMember | undefined {
    return this.current.role === 'leader' ? this.self : this.memberList[0];
  }
  members(): readonly ClusterMember[] {
    return this.memberList;
  }
  leaseValid(): boolean {
    return this.lease.valid();
  }
  leaseUntil(): number {
    return this.lease.until();
  }
  owners(): ReadonlyMap<string, readonly string[]> {
    return this.ownerMap;
  }

  on(listener: (event: ClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.loop || this.closed) return;
    this.watchdog.start();
    this.loop = this.run();
  }

  async setPlacements(dags: readonly DagPlacement[]): Promise<void> {
    this.placements = dags.map((d) => ({ name: d.name, replicas: d.replicas }));
    this.scheduleRebalance();
  }

  async announce(dag: string): Promise<void> {
    const session = this.session;
    if (!session?.connected)
      throw this.unavailable(`cannot tell the other instances that "${dag}" changed`);
    try {
      await announceChange(session.zk, this.paths.changes, dag, session.memberId);
    } catch (error) {
      if (isConnectionLoss(error))
        throw this.unavailable(`cannot tell the other instances that "${dag}" changed`);
      throw error;
    }
  }

  async acquireRunLock(dag: string, replica: number, signal: AbortSignal): Promise<RunLock> {
    if (typeof dag !== 'string' || dag === '')
      throw new TypeError('acquireRunLock: the DAG name is empty');
    if (!Number.isInteger(replica) || replica < 0) {
      throw new RangeError(
        `acquireRunLock("${dag}"): replica ${replica} is not a whole number >= 0`,
      );
    }
    const path = runLockPath(this.paths.running, dag, replica);
    for (;;) {
      const session = await this.untilJoined(signal);
      try {
        const got = await tryRunLock(session, path, signal, this.options.sessionTimeoutMs);
        // Taken while the session ended or the lease lapsed: look again once joined (a lock still
        // ours in this session is ours again then).
        if (got === 'retry' || session.isEnded() || this.current.role === 'joining') continue;
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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort(new ClusterUnavailableError('the cluster node was closed'));
    clearTimeout(this.rebalanceTimer);
    this.watchdog.stop();
    const session = this.session;
    if (session && !session.isEnded()) {
      if (session.connected) {
        // Delete our znodes first: the next candidate and the next lock holders need not wait.
        const quick = Math.min(2000, this.options.sessionTimeoutMs);
        const paths = [...session.locks].map((l) => l.path);
        if (session.candidate) paths.push(`${this.paths.election}/${session.candidate.name}`);
        await Promise.allSettled(paths.map((p) => session.zk.remove(p, -1, quick)));
      }
      session.end('closed');
    }
    await this.loop;
    for (const wake of this.waiters) wake();
    this.lease.lose();
    this.updateRole();
  }

  // --- the session loop ---------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.closed) {
      let zk: ZkSession;
      try {
        zk = await connectWithRetry({
          hosts: this.options.hosts,
          sessionTimeoutMs: this.options.sessionTimeoutMs,
          onRetry: this.options.onRetry,
          signal: this.abort.signal,
        });
      } catch {
        break; // closed while connecting
      }
      const session = new NodeSession(zk, this.options.name);
      const check = () => this.checkLeadership(session);
      const members = () => this.readMembers(session);
      session.predecessorWatcher = () => this.guard(session, check(), check);
      session.membersWatcher = () => this.guard(session, members(), members);
      this.session = session;
      zk.onState((state) => this.onState(session, state));
      this.lease.begin();
      this.watchdog.probe();
      this.guard(session, this.join(session, false), () => this.join(session, true));
      await session.ended;
      this.updateRole();
      await zk.close();
      if (session.endReason === 'failed' && !this.closed) {
        await sleep(1000, this.abort.signal).catch(() => undefined);
      }
    }
  }

  private onState(session: NodeSession, state: SessionState): void {
    if (session !== this.session || session.isEnded()) return;
    if (state === 'expired') {
      session.end('expired');
    } else if (state === 'disconnected') {
      // Step down at once: the session may expire before we hear of it.
      session.connected = false;
      session.verified = false;
      this.watchdog.lost();
      this.updateRole();
    } else {
      session.connected = true;
      this.watchdog.probe();
      const again = () => (session.candidate ? this.resume(session) : this.join(session, true));
      this.guard(session, again(), again);
    }
  }

  /** No round trip for a whole session timeout while the client says "connected": it is stuck. */
  private onSilent(): void {
    const session = this.session;
    if (!session?.connected || session.isEnded()) return;
    this.report(
      new Error(
        `ZooKeeper at ${this.options.hosts}: no answer for the session timeout (${this.options.sessionTimeoutMs} ms) on a "connected" session; opening a new one`,
      ),
    );
    session.end('stuck');
  }

  private async roundTrip(): Promise<void> {
    const session = this.session;
    if (!session?.connected) throw new Error('not connected');
    await session.zk.exists(
      this.paths.root,
      undefined,
      Math.max(500, this.options.sessionTimeoutMs / 3),
    );
  }

  private async join(session: NodeSession, recovering: boolean): Promise<void> {
    const { zk } = session;
    for (const dir of [
      this.paths.election,
      this.paths.owners,
      this.paths.running,
      this.paths.changes,
    ]) {
      await zk.mkdirp(dir);
    }
    const member = {
      id: session.memberId,
      name: this.options.name,
      url: this.options.url,
      joinedAt: Date.now(),
    };
    const candidate = await enterElection(zk, this.paths.election, session.guid, member, {
      recovering,
    });
    session.candidate = candidate;
    session.self = { ...member, seq: candidate.seq };
    session.verified = true;
    if (this.options.mode === 'partitioned') {
      session.owners = new OwnersWatch(
        zk,
        this.paths.owners,
        () => session === this.session && !session.isEnded(),
        (owners) => this.ownersRead(owners),
        (error) => this.report(error),
      );
    }
    await this.refresh(session);
  }

  /** Back on the same session: it still leads or stands by if its election znode is there. */
  private async resume(session: NodeSession): Promise<void> {
    const candidate = session.candidate!;
    if (!(await session.zk.exists(`${this.paths.election}/${candidate.name}`))) {
      session.end('election znode gone');
      return;
    }
    session.verified = true;
    await this.refresh(session);
  }

  private async refresh(session: NodeSession): Promise<void> {
    await Promise.all([
      this.readMembers(session),
      session.owners?.start(),
      this.readChanges(),
      this.checkLeadership(session),
    ]);
  }

  // --- leadership and role ------------------------------------------------------------------

  private checkLeadership(session: NodeSession): Promise<void> {
    session.checking = session.checking
      .catch(() => undefined)
      .then(async () => {
        if (session.isEnded() || !session.candidate) return;
        const where = await standing(
          session.zk,
          this.paths.election,
          session.candidate.seq,
          session.predecessorWatcher,
        );
        if ('gone' in where) {
          session.end('election znode gone');
          return;
        }
        session.leading = where.leading;
        this.updateRole();
      });
    return session.checking;
  }

  private updateRole(): void {
    const session = this.session;
    const joined = session?.usable() === true && this.lease.valid();
    const role: ClusterRole = !joined ? 'joining' : session.leading ? 'leader' : 'standby';
    const epoch = role === 'leader' ? session?.candidate?.seq : undefined;
    if (role === this.current.role && epoch === this.current.epoch) return;
    this.current = { role, epoch };
    this.emit({ type: 'role', role, epoch });
    if (role !== 'joining') for (const wake of this.waiters) wake();
    if (role === 'leader') this.scheduleRebalance();
  }

  private async readMembers(session: NodeSession): Promise<void> {
    const children = await session.zk.getChildren(this.paths.election, session.membersWatcher);
    const list: ClusterMember[] = [];
    const present = new Set(children);
    for (const name of session.memberCache.keys())
      if (!present.has(name)) session.memberCache.delete(name);
    for (const candidate of candidates(children)) {
      const member =
        session.memberCache.get(candidate.name) ??
        (await readMember(session.zk, this.paths.election, candidate));
      if (!member) continue;
      session.memberCache.set(candidate.name, member);
      list.push(member);
    }
    if (session !== this.session || session.isEnded()) return;
    const before = this.memberList.map((m) => m.id).join('\n');
    this.memberList = list;
    if (list.map((m) => m.id).join('\n') !== before) {
      this.emit({ type: 'members', members: list });
      if (this.current.role === 'leader') this.scheduleRebalance();
    }
  }

  // --- partitioned ownership ----------------------------------------------------------------

  private ownersRead(owners: ReadonlyMap<string, readonly string[]>): void {
    const changes = ownerChanges(this.ownerMap, owners);
    if (changes.size === 0) return;
    this.ownerMap = new Map([...owners].map(([dag, ids]) => [dag, [...ids]]));
    this.emit({ type: 'owners', owners: changes });
  }

  private scheduleRebalance(): void {
    if (this.options.mode !== 'partitioned' || this.rebalanceTimer || this.closed) return;
    this.rebalanceTimer = setTimeout(() => {
      this.rebalanceTimer = undefined;
      void this.rebalance();
    }, REBALANCE_DEBOUNCE_MS);
  }

  /** The leader places the DAGs from the owners written (dropping members gone) and writes what changed. */
  private async rebalance(): Promise<void> {
    const session = this.session;
    const placements = this.placements;
    if (!session || this.current.role !== 'leader' || !placements || !session.candidate) return;
    if (this.rebalancing) {
      this.rebalanceAgain = true;
      return;
    }
    this.rebalancing = true;
    try {
      const { zk } = session;
      const members: string[] = [];
      for (const candidate of candidates(await zk.getChildren(this.paths.election))) {
        const member =
          session.memberCache.get(candidate.name) ??
          (await readMember(zk, this.paths.election, candidate));
        if (member) members.push(member.id);
      }
      const current = await readOwners(zk, this.paths.owners);
      const next = place(placements, members, current);
      const fence = `${this.paths.election}/${session.candidate.name}`;
      await writeOwners(zk, this.paths.owners, fence, session.candidate.seq, current, next);
    } catch (error) {
      if (session === this.session && !session.isEnded()) {
        this.report(error);
        this.rebalanceAgain = true;
        await sleep(1000, this.abort.signal).catch(() => undefined);
      }
    } finally {
      this.rebalancing = false;
      if (this.rebalanceAgain) {
        this.rebalanceAgain = false;
        this.scheduleRebalance();
      }
    }
  }

  // --- changes --------------------------------------------------------------------------------

  private readChanges(): Promise<void> {
    this.changesChain = this.changesChain.then(async () => {
      const session = this.session;
      if (!session || session.isEnded()) return;
      try {
        for (const dag of await this.feed.read(session.zk)) this.emit({ type: 'dag-changed', dag });
      } catch (error) {
        if (!session.isEnded() && session.connected) this.report(error);
      }
    });
    return this.changesChain;
  }

  // --- helpers ------------------------------------------------------------------------------

  private untilJoined(signal: AbortSignal): Promise<NodeSession> {
    return new Promise<NodeSession>((resolve, reject) => {
      const check = () => {
        if (signal.aborted) return finish(() => reject(signal.reason));
        if (this.closed)
          return finish(() => reject(this.unavailable('the cluster node was closed')));
        const session = this.session;
        if (session && this.current.role !== 'joining') finish(() => resolve(session));
      };
      const finish = (settle: () => void) => {
        this.waiters.delete(check);
        signal.removeEventListener('abort', check);
        settle();
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  private emit(event: ClusterEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.report(error);
      }
    }
  }

  /**
   * Runs background work of a session; its failures are reported unless the session is over. A
   * lost connection: the reconnect does it again; no answer in time on a live connection: `again`
   * a second later.
   */
  private guard(
    session: NodeSession,
    work: Promise<unknown>,
    again?: () => Promise<unknown>,
  ): void {
    work.catch((error: unknown) => {
      if (session !== this.session || session.isEnded()) return;
      if (isConnectionLoss(error)) {
        if (again && session.connected) {
          setTimeout(() => this.guard(session, again(), again), 1000).unref();
        }
        return;
      }
      this.report(error);
      if (!session.candidate) session.end('failed'); // could not join: a new session, after a pause
    });
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }

  private unavailable(what: string): ClusterUnavailableError {
    return new ClusterUnavailableError(
      `ZooKeeper at ${this.options.hosts} is not reachable (role ${this.current.role}): ${what}`,
    );
  }
}

function validate(options: ClusterOptions): string {
  if (typeof options.hosts !== 'string' || options.hosts.trim() === '') {
    throw new Error('ZOOKEEPER_HOSTS is empty: give host:port[,host:port][/chroot]');
  }
  const t = options.sessionTimeoutMs;
  if (!Number.isFinite(t) || t < 1000) {
    throw new Error(`ZOOKEEPER_SESSION_TIMEOUT_MS must be at least 1000, not ${t}`);
  }
  const root = options.root.replace(/\/+$/, '');
  if (!/^(\/[^/\s]+)+$/.test(root)) {
    throw new Error(`ZOOKEEPER_ROOT must be a znode path like /flow, not "${options.root}"`);
  }
  return root;
}
