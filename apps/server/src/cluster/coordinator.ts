import type { Logger } from 'pino';
import {
  newLeaseBuffer,
  type ClusterEvent,
  type ClusterMember,
  type ClusterMode,
  type ClusterNode,
  type DagEngine,
  type RunLock,
} from '@flow/engine';
import { dagReplicas } from '@flow/shared';
import type { Deployments } from '../deployments';
import type { DagStore } from '../store/dags';
import { fenceScope, type Fence, type FenceStore } from '../store/fences';

export interface CoordinatorOptions {
  readonly node: ClusterNode;
  readonly mode: ClusterMode;
  /** ZOOKEEPER_HOSTS as set. */
  readonly hosts: string;
  readonly engine: DagEngine;
  readonly dags: DagStore;
  readonly deployments: Deployments;
  readonly fences: FenceStore;
  readonly logger: Logger;
  /** DAG_CONFIG_FOLDER's import: run once, by the first instance to lead, before it runs anything. */
  readonly importFolder?: () => Promise<readonly string[]>;
  /** Re-applies the named connections (after some instance changed them). */
  readonly connectionsChanged?: () => Promise<void>;
  /** How often the lease is checked and handed to the engine (ms). */
  readonly tickMs?: number;
}

/** How long an API start waits for the run lock (the old runner stopping the DAG) before a 503. */
export const LOCK_WAIT_MS = 10_000;

/**
 * The name announced on the change feed when the named connections changed: never a DAG name
 * (those match NAME_PATTERN: letters, digits and `_`), so no DAG is read again for it.
 */
export const CONNECTIONS_CHANGE = '@connections';

const lockKey = (dag: string, replica: number) => `${dag}~${replica}`;

/** A DAG some instance should run but no instance does right now (the cluster electing a leader). */
export class ClusterUnavailableError extends Error {
  override readonly name = 'ClusterUnavailableError';
}

/**
 * The server in a cluster: who runs which DAG, and the engine made to match. Only the runner of a
 * DAG runs it (primary mode: the leader; partitioned: its owners), and only while it holds the
 * DAG's run lock and a valid lease. Every other instance keeps the DAG loaded and stopped.
 */
export class Coordinator {
  private readonly locks = new Map<string, RunLock>();
  private readonly acquiring = new Map<
    string,
    { controller: AbortController; promise: Promise<RunLock> }
  >();
  private readonly busy = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** The engine's lease: Float64 validUntil (ms since the epoch), shared with the DAG threads. */
  readonly lease = newLeaseBuffer(0);
  private readonly leaseView = new Float64Array(this.lease);
  private imported = false;
  private joinedOnce = false;
  private stepping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  /** Why this instance is not in the cluster (the last failure to reach ZooKeeper). */
  problem: string | undefined;

  constructor(private readonly options: CoordinatorOptions) {}

  get node(): ClusterNode {
    return this.options.node;
  }

  get mode(): ClusterMode {
    return this.options.mode;
  }

  /** Joins in the background: resolves once started, not once joined. */
  async start(): Promise<void> {
    this.leaseView[0] = 0;
    await this.options.engine.setLease(this.lease);
    this.unsubscribe = this.node.on((event) => this.onEvent(event));
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 200);
    this.timer.unref();
    await this.node.start();
    this.tick();
  }

  /** The member that runs (or would run) the DAG's replica: undefined while none is known. */
  runnerOf(dag: string, replica = 0): ClusterMember | undefined {
    if (this.mode === 'primary') return replica === 0 ? this.node.leader() : undefined;
    const id = this.node.owners().get(dag)?.[replica];
    return id === undefined ? undefined : this.node.members().find((m) => m.id === id);
  }

  /** The instances running (or meant to run) a DAG, by name. */
  ownersOf(dag: string): string[] {
    if (this.mode === 'primary') {
      const leader = this.node.leader();
      return leader ? [leader.name] : [];
    }
    const members = new Map(this.node.members().map((m) => [m.id, m.name]));
    return (this.node.owners().get(dag) ?? []).flatMap((id) => members.get(id) ?? []);
  }

  /** True when this instance, joined and leased, is the one to run this replica of the DAG. */
  runsHere(dag: string, replica = 0): boolean {
    const self = this.node.self;
    if (!self || this.node.role() === 'joining' || !this.node.leaseValid()) return false;
    if (this.mode === 'primary') return replica === 0 && this.node.role() === 'leader';
    return this.node.owners().get(dag)?.[replica] === self.id;
  }

  /** Why changes are refused right now, or undefined when this instance has joined. */
  readOnlyReason(): string | undefined {
    if (this.node.role() !== 'joining' && this.node.leaseValid()) return undefined;
    const why =
      this.problem ??
      (this.joinedOnce
        ? 'its ZooKeeper session was lost'
        : `it has not reached ZooKeeper (${this.zookeeperHosts()}) yet`);
    return `this instance is not in the cluster (${why}): it serves read-only until it has joined; try again in a few seconds`;
  }

  /** ZOOKEEPER_HOSTS as set, for messages and `server.status`. */
  zookeeperHosts(): string {
    return this.options.hosts;
  }

  /**
   * What fences this instance's writes of a DAG's state: the run lock it holds of one of the
   * DAG's replicas (an instance runs one replica of a DAG), its own scope and epoch; none: undefined.
   */
  fenceOf(dag: string): Fence | undefined {
    const held = [...this.locks.values()].filter((l) => l.dag === dag);
    const lock = held.sort((a, b) => a.replica - b.replica)[0];
    return lock && { scope: fenceScope(dag, lock.replica), epoch: lock.epoch };
  }

  /** The DAGs this instance holds a run lock of. */
  held(): string[] {
    return [...new Set([...this.locks.values()].map((l) => l.dag))];
  }

  /**
   * Before an API start runs the DAG here: takes its run lock (waiting for a former runner to let
   * it go), or throws ClusterUnavailableError after LOCK_WAIT_MS.
   */
  async holdNow(dag: string): Promise<void> {
    const timeout = setTimeout(
      () => this.acquiring.get(lockKey(dag, 0))?.controller.abort(),
      LOCK_WAIT_MS,
    );
    try {
      await this.acquire(dag, 0);
    } catch {
      throw new ClusterUnavailableError(
        `DAG "${dag}" could not be started here: its run lock is not free (another instance still stops it): try again in a few seconds`,
      );
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Reads a DAG again and makes the engine match (after some instance changed it). */
  schedule(dag: string): Promise<void> {
    const running = this.busy.get(dag);
    if (running) {
      this.again.add(dag);
      return running;
    }
    const work = (async () => {
      do {
        this.again.delete(dag);
        await this.reconcile(dag).catch((err: unknown) =>
          this.options.logger.error({ err, dag }, 'cluster: could not bring the DAG in line'),
        );
      } while (this.again.has(dag) && !this.closed);
    })().finally(() => this.busy.delete(dag));
    this.busy.set(dag, work);
    return work;
  }

  /** Every DAG brought in line (stored ones, and any this instance holds or has loaded). */
  async reconcileAll(): Promise<void> {
    const names = new Set<string>([
      ...(await this.options.dags.list()).map((d) => d.name),
      ...this.held(),
      ...(await this.options.engine.list()).map((d) => d.name),
    ]);
    await Promise.all([...names].map((name) => this.schedule(name)));
  }

  private onEvent(event: ClusterEvent): void {
    this.tick();
    const log = (err: unknown) =>
      this.options.logger.error({ err, event: event.type }, 'cluster: event not handled');
    switch (event.type) {
      case 'role':
        this.options.logger.info({ role: event.role, epoch: event.epoch }, 'cluster role');
        if (event.role === 'joining') void this.stepDown('the role went to joining').catch(log);
        else void this.joined().catch(log);
        return;
      case 'members':
        void this.place()
          .then(() => this.reconcileAll())
          .catch(log);
        return;
      case 'owners':
        void Promise.all(
          [...new Set([...event.owners.keys(), ...this.held()])].map((d) => this.schedule(d)),
        ).catch(log);
        return;
      case 'dag-changed':
        if (event.dag === CONNECTIONS_CHANGE) {
          void this.options.connectionsChanged?.().catch(log);
          return;
        }
        void this.place()
          .then(() => this.schedule(event.dag))
          .catch(log);
        return;
    }
  }

  /**
   * Joined (or the role changed): the connections read again (a change may have been announced
   * while away), the first leader imports DAG_CONFIG_FOLDER, then all is matched.
   */
  private async joined(): Promise<void> {
    this.joinedOnce = true;
    this.problem = undefined;
    await this.options
      .connectionsChanged?.()
      .catch((err: unknown) =>
        this.options.logger.error({ err }, 'cluster: connections not read again'),
      );
    if (this.node.role() === 'leader' && !this.imported && this.options.importFolder) {
      this.imported = true;
      const names = await this.options.importFolder();
      await Promise.all(names.map((name) => this.node.announce(name)));
    }
    await this.place();
    await this.reconcileAll();
  }

  /** The leader in partitioned mode hands ZooKeeper the DAGs to place. */
  private async place(): Promise<void> {
    if (this.mode !== 'partitioned' || this.node.role() !== 'leader') return;
    const stored = await this.options.dags.list();
    await this.node.setPlacements(
      stored.map((d) => ({ name: d.name, replicas: dagReplicas(d.config) })),
    );
  }

  /** The lease handed to the engine; a lapsed lease stops everything at once. */
  private tick(): void {
    const until = this.node.leaseUntil();
    this.leaseView[0] = until;
    if (!this.node.leaseValid() && (this.locks.size > 0 || this.acquiring.size > 0))
      void this.stepDown('the lease lapsed').catch((err: unknown) =>
        this.options.logger.error({ err }, 'cluster: stepping down failed'),
      );
  }

  /**
   * Not (or no longer) in the cluster: every DAG it runs is suspended at once (in parallel), then
   * stopped, then its run locks let go. Nothing runs here without a lock and a lease, nor on a lock
   * being let go: should it join again meanwhile, nothing is started until the step-down is over
   * (then its DAGs are matched again, under new locks).
   */
  stepDown(why: string): Promise<void> {
    this.stepping ??= (async () => {
      this.leaseView[0] = this.node.leaseUntil();
      for (const { controller } of this.acquiring.values()) controller.abort();
      const locks = [...this.locks.entries()];
      const dags = this.held();
      const { engine, logger } = this.options;
      if (dags.length > 0) logger.warn({ why, dags }, 'cluster: stepping down, suspending DAGs');
      const active = (dag: string) => engine.has(dag) && engine.state(dag) === 'running';
      await Promise.all(dags.filter(active).map((dag) => engine.suspend(dag).catch(() => {})));
      await Promise.all(
        dags
          .filter((dag) => engine.has(dag) && !['stopped', 'failed'].includes(engine.state(dag)))
          .map((dag) => engine.stop(dag).catch(() => {})),
      );
      // Only the locks held when it stepped down (one taken since, once joined again, is kept).
      for (const [key, lock] of locks) if (this.locks.get(key) === lock) this.locks.delete(key);
      await Promise.all(locks.map(([, lock]) => lock.release().catch(() => {})));
      return dags;
    })().then(
      // Whatever was on its way to start meanwhile is matched again (stopped, or run anew).
      async (dags) => {
        this.stepping = undefined;
        await Promise.all(dags.map((dag) => this.schedule(dag)));
      },
      (err: unknown) => {
        this.stepping = undefined;
        throw err;
      },
    );
    return this.stepping;
  }

  /** Takes a run lock (once; concurrent callers share it), claims its epoch, then matches the DAG. */
  private acquire(dag: string, replica: number): Promise<RunLock> {
    const key = lockKey(dag, replica);
    const held = this.locks.get(key);
    if (held) return Promise.resolve(held);
    const pending = this.acquiring.get(key);
    if (pending) return pending.promise;
    const controller = new AbortController();
    const promise = (async () => {
      const lock = await this.node.acquireRunLock(dag, replica, controller.signal);
      const claimed = await this.options.fences
        .claim(fenceScope(dag, replica), lock.epoch)
        .catch(() => false);
      if (!claimed || controller.signal.aborted || !this.runsHere(dag, replica)) {
        await lock.release().catch(() => {});
        throw new Error(
          claimed
            ? `run lock of ${key} no longer this instance's to hold`
            : `a newer epoch than ${lock.epoch} is recorded for ${key}: not run here`,
        );
      }
      this.locks.set(key, lock);
      return lock;
    })().finally(() => this.acquiring.delete(key));
    this.acquiring.set(key, { controller, promise });
    promise.then(
      () => void this.schedule(dag),
      (err: unknown) =>
        controller.signal.aborted ||
        this.options.logger.warn({ err, dag, replica }, 'cluster: run lock not taken'),
    );
    return promise;
  }

  /** The replicas of a DAG this instance should run now. */
  private replicasHere(dag: string, replicas: number): number[] {
    const all = Array.from({ length: this.mode === 'primary' ? 1 : replicas }, (_, i) => i);
    return all.filter((r) => this.runsHere(dag, r));
  }

  /**
   * One DAG brought in line, inside the DAG's exclusive queue (so it never crosses an API
   * operation): the run locks it should hold are asked for (in the background), the engine copy
   * made to match, and locks it should no longer hold let go after the DAG stopped (the ack).
   */
  private reconcile(dag: string): Promise<void> {
    const { deployments, dags } = this.options;
    return deployments.exclusive(dag, async () => {
      const stored = await dags.get(dag);
      const active = stored !== undefined && stored.desiredState !== 'stopped';
      const want = new Set(active ? this.replicasHere(dag, dagReplicas(stored.config)) : []);
      for (const [key, { controller }] of this.acquiring)
        if (key.startsWith(`${dag}~`) && !want.has(Number(key.slice(dag.length + 1))))
          controller.abort();
      for (const replica of want)
        if (!this.locks.has(lockKey(dag, replica))) void this.acquire(dag, replica).catch(() => {});
      const mine = [...this.locks.values()].filter((l) => l.dag === dag);
      const keep = mine.filter((l) => want.has(l.replica));
      const stepping = this.stepping;
      // Stepping down: nothing starts until it is over; then matched again (to run, if still its).
      if (stepping && keep.length > 0) void stepping.catch(() => {}).then(() => this.schedule(dag));
      await deployments.match(dag, stored, keep.length > 0 && this.node.leaseValid() && !stepping);
      for (const lock of mine.filter((l) => !want.has(l.replica))) {
        this.locks.delete(lockKey(dag, lock.replica));
        await lock
          .release()
          .catch((err: unknown) =>
            this.options.logger.warn({ err, dag }, 'cluster: run lock not released'),
          );
      }
    });
  }

  /** SIGTERM: stops what runs here, lets the locks go and leaves the cluster. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    for (const { controller } of this.acquiring.values()) controller.abort();
    const { engine } = this.options;
    await Promise.all(
      this.held().map((dag) =>
        engine.has(dag) && !['stopped', 'failed'].includes(engine.state(dag))
          ? engine.stop(dag).catch(() => {})
          : undefined,
      ),
    );
    const locks = [...this.locks.values()];
    this.locks.clear();
    await Promise.all(locks.map((lock) => lock.release().catch(() => {})));
    await this.node.close();
  }
}
