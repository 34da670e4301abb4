import type {
  ClusterEvent,
  ClusterMember,
  ClusterNode,
  ClusterRole,
  DagPlacement,
  RunLock,
} from '@flow/engine';

/**
 * An in-memory ZooKeeper for the server's cluster tests: run locks (one holder each, growing
 * epochs) and announcements shared by every FakeClusterNode made on it, and a log of what
 * happened in order ("release a~0").
 */
export class FakeZooKeeper {
  readonly nodes = new Set<FakeClusterNode>();
  readonly holders = new Map<string, string>();
  readonly log: string[] = [];
  private epoch = 100;
  private readonly waiters = new Set<() => void>();

  nextEpoch(): number {
    return ++this.epoch;
  }

  freed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  waitForFree(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        this.waiters.delete(wake);
        reject(new Error('aborted'));
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', abort, { once: true });
    });
  }
}

/** A ClusterNode a test drives: role, leader, members, owners, lease and events. */
export class FakeClusterNode implements ClusterNode {
  self: ClusterMember;
  private currentRole: ClusterRole = 'joining';
  private currentLeader: ClusterMember | undefined;
  private currentMembers: ClusterMember[] = [];
  private currentOwners = new Map<string, readonly string[]>();
  private lease = 0;
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  readonly placements: DagPlacement[][] = [];
  /** Called as a lock is released (to see what the DAG was doing then). */
  onRelease: ((dag: string) => void) | undefined;

  constructor(
    readonly zk: FakeZooKeeper,
    name: string,
    url = `http://${name}.invalid`,
  ) {
    this.self = { id: `${name}-id`, name, url, seq: 0, joinedAt: Date.now() };
    zk.nodes.add(this);
  }

  role(): ClusterRole {
    return this.currentRole;
  }
  epoch(): number | undefined {
    return this.currentRole === 'leader' ? this.self.seq : undefined;
  }
  leader(): ClusterMember | undefined {
    return this.currentLeader;
  }
  members(): readonly ClusterMember[] {
    return this.currentMembers;
  }
  leaseValid(): boolean {
    return this.lease > Date.now();
  }
  leaseUntil(): number {
    return this.lease;
  }
  owners(): ReadonlyMap<string, readonly string[]> {
    return this.currentOwners;
  }
  async setPlacements(dags: readonly DagPlacement[]): Promise<void> {
    this.placements.push([...dags]);
  }

  async acquireRunLock(dag: string, replica: number, signal: AbortSignal): Promise<RunLock> {
    const key = `${dag}~${replica}`;
    while (this.zk.holders.has(key)) await this.zk.waitForFree(signal);
    if (signal.aborted) throw new Error('aborted');
    this.zk.holders.set(key, this.self.id);
    const epoch = this.zk.nextEpoch();
    this.zk.log.push(`${this.self.name} acquire ${key}`);
    return {
      dag,
      replica,
      epoch,
      release: async () => {
        if (this.zk.holders.get(key) !== this.self.id) return;
        this.onRelease?.(dag);
        this.zk.holders.delete(key);
        this.zk.log.push(`${this.self.name} release ${key}`);
        this.zk.freed();
      },
    };
  }

  async announce(dag: string): Promise<void> {
    for (const node of this.zk.nodes) node.emit({ type: 'dag-changed', dag });
  }

  on(listener: (event: ClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.zk.nodes.delete(this);
    this.currentRole = 'joining';
  }

  emit(event: ClusterEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Joins as `role` with `leader` leading (a valid lease), or leaves (`joining`, lease lost). */
  drive(role: ClusterRole, leader?: ClusterMember, members: ClusterMember[] = []): void {
    this.currentRole = role;
    this.lease = role === 'joining' ? 0 : Number.POSITIVE_INFINITY;
    this.currentLeader = role === 'leader' ? this.self : leader;
    this.currentMembers = members.length > 0 ? members : [this.self];
    this.emit({ type: 'role', role, epoch: role === 'leader' ? this.self.seq : undefined });
  }

  setOwners(owners: Record<string, string[]>): void {
    this.currentOwners = new Map(Object.entries(owners));
    this.emit({ type: 'owners', owners: this.currentOwners });
  }

  /** The watchdog's lease lapses without any event (a frozen process, a silent partition). */
  lapse(): void {
    this.lease = Date.now() - 1;
  }
}
