import { announceChange, ChangeFeed } from './changes';
import { clusterPaths, type ClusterPaths } from './config';
import { enterElection, listMembers, standing } from './election';
import { monotonicNow } from '../runtime/lease';
import { Lease, Watchdog } from './lease';
import { ownerChanges } from './ownership';
import { OwnersWatch } from './owners';
import { Placer } from './placer';
import { acquireRunLock, runLockPath } from './run-lock';
import { NodeSession, Waiters } from './session';
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
  sleep,
  type SessionState,
  type ZkSession,
} from './zk';

/** The ClusterNode over ZooKeeper (see types.ts for the contract and the znode layout). */
export function createClusterNode(options: ClusterOptions): ClusterNode {
  return new ZkClusterNode(options);
}

class ZkClusterNode implements ClusterNode {
  private readonly paths: ClusterPaths;
  private readonly lease: Lease;
  private readonly watchdog: Watchdog;
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  private readonly abort = new AbortController();
  private readonly feed: ChangeFeed;
  private readonly waiters = new Waiters<NodeSession>();
  private session: NodeSession | undefined;
  private current: { role: ClusterRole; epoch: number | undefined } = {
    role: 'joining',
    epoch: undefined,
  };
  private memberList: readonly ClusterMember[] = [];
  private ownerMap: ReadonlyMap<string, readonly string[]> = new Map();
  private readonly placer: Placer;
  private changesChain: Promise<void> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: ClusterOptions) {
    this.paths = clusterPaths(options);
    this.lease = new Lease(options.sessionTimeoutMs, monotonicNow, options.leaseBuffer);
    this.watchdog = new Watchdog({
      lease: this.lease,
      roundTrip: () => this.roundTrip(),
      onLapse: () => this.updateRole(),
      onRenew: () => this.updateRole(),
      onSilent: () => this.onSilent(),
    });
    this.placer = new Placer({
      electionDir: this.paths.election,
      ownersDir: this.paths.owners,
      leading: () =>
        options.mode === 'partitioned' && this.current.role === 'leader' ? this.session : undefined,
      report: (error) => this.report(error),
      signal: this.abort.signal,
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
    this.placer.set(dags);
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
    return acquireRunLock({
      dag,
      replica,
      path,
      signal,
      recheckMs: this.options.sessionTimeoutMs,
      untilJoined: () => this.untilJoined(signal),
      joined: () => this.current.role !== 'joining',
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort(new ClusterUnavailableError('the cluster node was closed'));
    this.placer.stop();
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
    this.waiters.wake();
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

  /**
   * No round trip for a whole session timeout. Said "connected", the client is stuck; said
   * "disconnected", it may never come back (or come back to an expired session). Either way this
   * session is given up for a new one: if ZooKeeper kept it (it was down itself), its znodes go
   * when it expires there, one session timeout later.
   */
  private onSilent(): void {
    const session = this.session;
    if (!session || session.isEnded()) return;
    const how = session.connected ? 'on a "connected" session' : 'since the connection was lost';
    this.report(
      new Error(
        `ZooKeeper at ${this.options.hosts}: no answer for the session timeout (${this.options.sessionTimeoutMs} ms) ${how}; opening a new session`,
      ),
    );
    session.end('silent');
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
    if (role !== 'joining') this.waiters.wake();
    if (role === 'leader') this.placer.schedule();
  }

  private async readMembers(session: NodeSession): Promise<void> {
    const { zk, memberCache, membersWatcher } = session;
    const list = await listMembers(zk, this.paths.election, memberCache, membersWatcher);
    if (session !== this.session || session.isEnded()) return;
    const before = this.memberList.map((m) => m.id).join('\n');
    this.memberList = list;
    if (list.map((m) => m.id).join('\n') !== before) {
      this.emit({ type: 'members', members: list });
      if (this.current.role === 'leader') this.placer.schedule();
    }
  }

  // --- partitioned ownership ----------------------------------------------------------------

  private ownersRead(owners: ReadonlyMap<string, readonly string[]>): void {
    const changes = ownerChanges(this.ownerMap, owners);
    if (changes.size === 0) return;
    this.ownerMap = new Map([...owners].map(([dag, ids]) => [dag, [...ids]]));
    this.emit({ type: 'owners', owners: changes });
  }

  // --- changes --------------------------------------------------------------------------------

  private readChanges(): Promise<void> {
    this.changesChain = this.changesChain.then(async () => {
      const session = this.session;
      if (!session || session.isEnded()) return;
      try {
        for (const dag of await this.feed.read(session.zk)) this.emit({ type: 'dag-changed', dag });
      } catch (error) {
        if (session.isEnded() || !session.connected) return; // read again once back
        this.report(error);
        // No reply in time (a loaded machine): read again, or the DAGs changed are heard of only
        // at the next change (the feed's version says what was missed).
        setTimeout(() => {
          if (session === this.session && !session.isEnded()) void this.readChanges();
        }, 1000).unref();
      }
    });
    return this.changesChain;
  }

  // --- helpers ------------------------------------------------------------------------------

  private untilJoined(signal: AbortSignal): Promise<NodeSession> {
    return this.waiters.wait(signal, () => {
      if (this.closed) throw this.unavailable('the cluster node was closed');
      return this.current.role !== 'joining' ? this.session : undefined;
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
