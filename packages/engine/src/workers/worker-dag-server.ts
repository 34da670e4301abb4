import { availableParallelism } from 'node:os';
import type { z } from 'zod';
import {
  problemAt,
  type ComponentCatalog,
  type connectionsSchema,
  type Dag,
  type DagState,
  type Problem,
} from '@flow/shared';
import type { PluginLoadReport } from '../components/plugins';
import type { ComponentRegistry } from '../components/registry';
import { ConfigError, NotFoundError } from '../errors';
import { nestsTooDeep, type Message } from '../message';
import type { FileRoots } from '../policy/file-roots';
import type { HostPolicy } from '../policy/hosts';
import { MemoryBroker } from '../pubsub/memory-broker';
import { MemoryPositionStore, type PositionStore } from '../pubsub/positions';
import type { DagEngine } from '../runtime/dag-engine';
import {
  DagServer,
  type AddOptions,
  type CloneOptions,
  type DagServerOptions,
  type ServerStatus,
} from '../runtime/dag-server';
import type { DagDetails, DagSummary } from '../runtime/details';
import { EventHub, type DagEventListener } from '../runtime/events';
import { workerInspector } from './inspector';
import type { WorkerInit } from './protocol';
import {
  activeOn,
  leastLoaded,
  mergePluginReports,
  offlineSummary,
  overlay,
  tooDeepStandIn,
  type Placement,
} from './placement';
import { replaceWorker, type RecoveryHost } from './recovery';
import { WorkerThread } from './worker-thread';

export interface WorkerDagServerOptions extends Omit<
  DagServerOptions,
  'registry' | 'clock' | 'watch' | 'broker'
> {
  /** How many worker threads (`DAG_WORKERS`; default: the number of cores). */
  readonly workers?: number;
  /** Each worker's heap limit (`DAG_WORKER_MAX_HEAP_MB`); default: Node's. */
  readonly maxHeapMb?: number;
  /** How often workers report heap and states (default 1000 ms). */
  readonly statsIntervalMs?: number;
  /** How often the watchdog looks at every worker (default 100 ms). */
  readonly watchdogIntervalMs?: number;
  /** Told when the watchdog fails a DAG (the server keeps it stopped and audits it). */
  readonly onFailed?: (dag: string, reason: string) => void;
}

/**
 * How long `list` waits for a worker's summaries: a worker stuck in a compute answers only once
 * the watchdog has ended it (up to compute_timeout_ms), and the dashboard and /metrics must not
 * wait for that; its DAGs are listed from its last answer meanwhile.
 */
const LIST_WAIT_MS = 250;

/**
 * The DAG host over worker threads: each running DAG is placed on the least-loaded worker and
 * runs there, so a slow or stuck compute holds only its worker, never the API, the live view or
 * the DAGs elsewhere. Configs are validated here (the registry and plugins are loaded in this
 * thread and in every worker); `mem://` queues and topics stay in this thread's broker (see
 * mem-bridge.ts). A watchdog terminates a worker whose compute runs over its DAG's
 * `compute_timeout_ms`: that DAG is `failed` (its node shows why, with the input), and the
 * worker's other DAGs go on on a new thread, where at-least-once sources redeliver what was not
 * acknowledged.
 */
export class WorkerDagServer implements DagEngine {
  readonly registry: ComponentRegistry;
  readonly broker = new MemoryBroker();
  readonly hosts: HostPolicy;
  readonly fileRoots: FileRoots | undefined;
  private readonly checker: DagServer;
  private readonly events = new EventHub();
  private readonly dags = new Map<string, Placement>();
  private readonly workers: WorkerThread[] = [];
  /** What each worker starts with; the run lease joins it (setLease). */
  private init: Omit<WorkerInit, 'id' | 'watch'>;
  private readonly pluginFolders: string[] = [];
  private readonly positions: PositionStore;
  private readonly startedAt = Date.now();
  private readonly watchdog: NodeJS.Timeout;
  private eventsOn = false;
  private readonly maxWorkers: number;
  /** When each worker's threads failed lately (by worker id). */
  private readonly failures = new Map<number, number[]>();
  private closed = false;
  /** What replacing a failed worker needs of this server (see recovery.ts). */
  private readonly recovery: RecoveryHost = {
    workers: this.workers,
    dags: this.dags,
    failures: this.failures,
    closed: () => this.closed,
    spawn: (id, restarts) => this.spawn(id, restarts),
    install: (placement) => this.install(placement),
    lifecycle: (placement, op) => this.lifecycle(placement, op),
    events: this.events,
    onFailed: (dag, reason) => this.options.onFailed?.(dag, reason),
  };

  constructor(private readonly options: WorkerDagServerOptions = {}) {
    this.checker = new DagServer({ ...options, broker: this.broker });
    this.registry = this.checker.registry;
    this.hosts = this.checker.hosts;
    this.fileRoots = this.checker.fileRoots;
    this.positions = options.positions ?? new MemoryPositionStore();
    this.init = {
      pluginFolders: this.pluginFolders,
      baseDir: options.baseDir ?? process.cwd(),
      connections: this.checker.connectionsInUse,
      hosts: this.hosts.setting,
      compiledPasses: options.compiledPasses ?? true,
      fileRoots: options.fileRoots,
      adapterStopTimeoutMs: options.adapterStopTimeoutMs,
      statsIntervalMs: options.statsIntervalMs ?? 1000,
    };
    void workerInspector.enable();
    // Threads start as DAGs need them (a server with one DAG holds one), up to this many.
    this.maxWorkers = Math.max(1, options.workers ?? availableParallelism());
    this.watchdog = setInterval(() => {
      const now = Date.now();
      for (const worker of this.workers) void worker.check(now);
    }, options.watchdogIntervalMs ?? 100);
    this.watchdog.unref();
  }

  async loadPlugins(folder: string): Promise<PluginLoadReport> {
    const report = await this.checker.loadPlugins(folder);
    this.pluginFolders.push(folder);
    const threads = await Promise.all(
      this.workers.map((w) => w.request<PluginLoadReport>({ op: 'plugins', folder })),
    );
    return mergePluginReports(report, threads);
  }

  validate(config: unknown, baseDir?: string): Dag {
    return this.checker.validate(config, baseDir);
  }

  catalog(): ComponentCatalog {
    return this.checker.catalog();
  }

  problems(config: unknown, baseDir?: string): readonly Problem[] {
    return this.checker.problems(config, baseDir);
  }

  setConnections(connections: z.input<typeof connectionsSchema>): void {
    this.checker.setConnections(connections);
    const parsed = this.checker.connectionsInUse;
    for (const worker of this.workers)
      void worker.request({ op: 'connections', connections: parsed }).catch(() => {});
  }

  async add(config: unknown, options: AddOptions = {}): Promise<DagSummary> {
    const dag = this.validate(config, options.baseDir);
    if (this.dags.has(dag.name))
      throw new ConfigError([
        problemAt(['name'], 'duplicate_name', `a DAG named "${dag.name}" already exists`),
      ]);
    const placement: Placement = {
      name: dag.name,
      config: dag,
      baseDir: options.baseDir ?? this.init.baseDir,
      worker: this.pick(undefined, this.workers.length === 0),
      desired: 'stopped',
      state: 'stopped',
      reason: undefined,
      nodes: dag.nodes.map((n) => n.name),
    };
    this.dags.set(dag.name, placement);
    try {
      return this.withWorker(placement, await this.install(placement));
    } catch (error) {
      this.dags.delete(dag.name);
      placement.worker.unplace(dag.name);
      throw error;
    }
  }

  async update(config: unknown): Promise<DagSummary> {
    const name = (config as { name?: unknown } | null)?.name;
    const known = typeof name === 'string' ? this.dags.get(name) : undefined;
    const dag = this.validate(config, known?.baseDir);
    const placement = this.placement(dag.name);
    const summary = await placement.worker.request<DagSummary>({
      op: 'update',
      config: JSON.stringify(dag),
    });
    placement.config = dag;
    placement.nodes = dag.nodes.map((n) => n.name);
    if (placement.state === 'failed') placement.desired = 'stopped';
    this.follow(placement, summary.state, summary.stateReason);
    return this.withWorker(placement, summary);
  }

  async start(name: string): Promise<void> {
    const placement = this.placement(name);
    const wasActive = placement.state !== 'stopped' && placement.state !== 'failed';
    // Counted as running before it is placed, so that DAGs started together spread out.
    placement.desired = 'running';
    if (!wasActive) await this.rebalance(placement);
    const poison = placement.poison;
    placement.poison = undefined;
    // An at-least-once source delivers again the message the DAG was stuck on: skipped once.
    if (poison)
      await placement.worker.request({
        op: 'skip',
        dag: name,
        node: poison.node,
        message: JSON.stringify(poison.message),
      });
    await this.lifecycle(placement, 'start');
  }

  async stop(name: string): Promise<void> {
    const placement = this.placement(name);
    placement.desired = 'stopped';
    await this.lifecycle(placement, 'stop');
  }

  async suspend(name: string): Promise<void> {
    const placement = this.placement(name);
    if (placement.desired !== 'stopped') placement.desired = 'suspended';
    await this.lifecycle(placement, 'suspend');
  }

  async resume(name: string): Promise<void> {
    const placement = this.placement(name);
    if (placement.desired !== 'stopped') placement.desired = 'running';
    await this.lifecycle(placement, 'resume');
  }

  async delete(name: string): Promise<void> {
    const placement = this.placement(name);
    await placement.worker.request({ op: 'delete', name });
    placement.worker.unplace(name);
    this.dags.delete(name);
  }

  clone(name: string, newName: string, window: CloneOptions = {}): Promise<DagSummary> {
    const { config, baseDir } = this.placement(name);
    return this.add({ ...structuredClone(config), name: newName, ...window }, { baseDir });
  }

  inject(dagName: string, nodeName: string, message: Message): Promise<void> {
    return this.placement(dagName).worker.request({
      op: 'inject',
      dag: dagName,
      node: nodeName,
      ...(nestsTooDeep(message)
        ? { message: tooDeepStandIn(message), tooDeep: true }
        : { message }),
    });
  }

  async details(name: string): Promise<DagDetails> {
    const placement = this.placement(name);
    const details = await placement.worker.request<DagDetails>({ op: 'details', name });
    return { ...details, ...overlay(placement, details) };
  }

  has(name: string): boolean {
    return this.dags.has(name);
  }

  state(name: string): DagState {
    return this.placement(name).state;
  }

  async list(): Promise<DagSummary[]> {
    const known = (name: string) => this.dags.get(name);
    const answers = await Promise.all(this.workers.map((w) => w.summaries(LIST_WAIT_MS, known)));
    const byName = new Map(answers.flat().map((s) => [s.name, s]));
    return [...this.dags.values()].map((placement) => {
      const summary = byName.get(placement.name) ?? offlineSummary(placement);
      return this.withWorker(placement, summary);
    });
  }

  status(): ServerStatus {
    const dags = { total: this.dags.size, running: 0, suspended: 0, stopped: 0, failed: 0 };
    for (const placement of this.dags.values()) dags[placement.state]++;
    return {
      uptimeMs: Date.now() - this.startedAt,
      startedAt: new Date(this.startedAt).toISOString(),
      dags,
      workers: this.workers.map((worker) => {
        const placed = [...this.dags.values()].filter((p) => p.worker === worker);
        return worker.status(
          placed.map((p) => p.name),
          placed.filter((p) => p.state === 'running').length,
        );
      }),
    };
  }

  /** The lease buffer goes to every worker, shared; one started later gets it with its init. */
  async setLease(buffer: SharedArrayBuffer | undefined): Promise<void> {
    const { lease: _previous, ...init } = this.init;
    this.init = buffer ? { ...init, lease: buffer } : init;
    await Promise.all(
      this.workers.map((w) => w.request({ op: 'lease', buffer: buffer ?? null }).catch(() => {})),
    );
  }

  subscribe(listener: DagEventListener): () => void {
    const unsubscribe = this.events.subscribe(listener);
    this.forwardEvents(true);
    return () => {
      unsubscribe();
      this.forwardEvents(this.events.active);
    };
  }

  /**
   * Replaces a worker's thread as if it had crashed (an admin's last resort, and the fault
   * tests): its DAGs go on on the new thread, at-least-once sources redelivering.
   */
  async restartWorker(id: number): Promise<void> {
    const worker = this.workers.find((w) => w.id === id);
    if (!worker) throw new NotFoundError(`no worker ${id}`);
    await worker.crash('restarted on request');
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.dags.values()]
        .filter((p) => p.state !== 'stopped' && p.state !== 'failed')
        .map((p) => this.lifecycle(p, 'stop').catch(() => {})),
    );
  }

  async close(): Promise<void> {
    await this.stopAll();
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // ---- placement ----

  private placement(name: string): Placement {
    const placement = this.dags.get(name);
    if (!placement) throw new NotFoundError(`no DAG named "${name}"`);
    return placement;
  }

  /**
   * The least-loaded worker for a DAG, or, with `mayGrow`, a new one when every worker already
   * runs a DAG and the pool has room.
   */
  private pick(except: Placement | undefined, mayGrow: boolean): WorkerThread {
    const best =
      this.workers.length > 0 ? leastLoaded(this.workers, this.dags.values(), except) : undefined;
    const busy = best === undefined || activeOn(best, this.dags.values(), except) > 0;
    if (best && !(mayGrow && busy && this.workers.length < this.maxWorkers)) return best;
    const worker = this.spawn(this.workers.length + 1, 0);
    this.workers.push(worker);
    return worker;
  }

  /** A DAG about to start goes to the least-loaded worker (a stopped one may sit anywhere). */
  private async rebalance(placement: Placement): Promise<void> {
    const target = this.pick(placement, true);
    if (target === placement.worker) return;
    const running = (worker: WorkerThread) => activeOn(worker, this.dags.values(), placement);
    if (running(target) >= running(placement.worker)) return;
    await placement.worker.request({ op: 'delete', name: placement.name });
    placement.worker.unplace(placement.name);
    placement.worker = target;
    await this.install(placement);
  }

  private install(placement: Placement): Promise<DagSummary> {
    const slot = placement.worker.place(placement.name);
    return placement.worker.request<DagSummary>({
      op: 'add',
      config: JSON.stringify(placement.config),
      baseDir: placement.baseDir,
      slot,
    });
  }

  private async lifecycle(
    placement: Placement,
    op: 'start' | 'stop' | 'suspend' | 'resume',
  ): Promise<void> {
    const state = await placement.worker.request<DagState>({ op, name: placement.name });
    this.follow(placement, state, undefined, op === 'start' || op === 'stop');
  }

  /** Takes a state the worker reported; `failed` stays until a start or stop. */
  private follow(
    placement: Placement,
    state: DagState,
    reason: string | undefined,
    clear = false,
  ): void {
    if (placement.state === 'failed' && !clear) return;
    placement.state = state;
    placement.reason = reason;
  }

  private withWorker(placement: Placement, summary: DagSummary): DagSummary {
    return { ...summary, ...overlay(placement, summary) };
  }

  private forwardEvents(on: boolean): void {
    if (on === this.eventsOn) return;
    this.eventsOn = on;
    for (const worker of this.workers) void worker.request({ op: 'events', on }).catch(() => {});
  }

  // ---- workers ----

  private spawn(id: number, restarts: number): WorkerThread {
    const worker: WorkerThread = new WorkerThread(id, restarts, this.init, this.options.maxHeapMb, {
      broker: this.broker,
      positions: this.positions,
      timeoutOf: (slot): number | undefined => {
        const name = worker.slots.get(slot);
        return name === undefined ? undefined : this.dags.get(name)?.config.compute_timeout_ms;
      },
      nodeName: (dag, index) => this.dags.get(dag)?.nodes[index],
      onEvents: (events) => {
        for (const event of events) this.events.emit(event);
      },
      onStats: (from, stats) => {
        for (const [name, state, reason] of stats.states) {
          const placement = this.dags.get(name);
          if (placement?.worker === from) this.follow(placement, state as DagState, reason);
        }
      },
      onFailure: (from, failure) => void replaceWorker(this.recovery, from, failure),
    });
    if (this.eventsOn) void worker.request({ op: 'events', on: true }).catch(() => {});
    return worker;
  }
}
