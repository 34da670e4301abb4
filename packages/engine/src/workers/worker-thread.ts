import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { DagState, WorkerStatus } from '@flow/shared';
import { AdapterError, PayloadError } from '../errors';
import type { MemoryBroker } from '../pubsub/memory-broker';
import type { PositionStore } from '../pubsub/positions';
import type { DagSummary } from '../runtime/details';
import type { DagEvent } from '../runtime/events';
import { workerBundle } from './bundle';
import { workerInspector } from './inspector';
import { MemoryLinks } from './mem-bridge';
import type { HostRequest, WorkerInit, WorkerRequest, WorkerStats, WorkerToHost } from './protocol';
import { Rpc } from './rpc';
import { newWatch, WATCH_DAG, WATCH_NODE, WATCH_SEQ, watchedDag } from './watch';

/** Why a worker thread went: the DAG and node computing at the time, when one was. */
export interface WorkerFailure {
  readonly kind: 'timeout' | 'heap' | 'crash';
  readonly dag: string | undefined;
  readonly node: string | undefined;
  /** The node's input (timeouts: asked of the stuck thread; otherwise unknown). */
  readonly input?: unknown;
  /** The source message the DAG was computing (timeouts, as `input`), and its source node. */
  readonly source?: unknown;
  readonly sourceNode?: string | undefined;
  readonly detail: string;
}

export interface WorkerHooks {
  readonly broker: MemoryBroker;
  readonly positions: PositionStore;
  /** The compute timeout of the DAG in a watch slot. */
  timeoutOf(slot: number): number | undefined;
  /** A node's name by its index, for failures found in the watch array. */
  nodeName(dag: string, index: number): string | undefined;
  onEvents(events: readonly DagEvent[]): void;
  onStats(worker: WorkerThread, stats: WorkerStats): void;
  onFailure(worker: WorkerThread, failure: WorkerFailure): void;
}

/**
 * How long the watchdog waits for a stuck thread to say which input it is on (a loaded machine
 * took longer than 300 ms now and then).
 */
const ASK_TIMEOUT_MS = 700;

const PRELOAD = /^--(import|require|loader|experimental-loader)(?:=(.*))?$/;

/**
 * Node's flags for a worker thread: of the parent's, only its tsx preload, which threads need
 * for plugins written in TypeScript (it cannot be registered from inside one). The other
 * preloads (`--import ./x.ts`) would run in the thread before anything could compile them, and
 * process-wide flags (`--expose-gc`) are refused for a thread (ERR_WORKER_INVALID_EXEC_ARGV).
 */
export function threadExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const match = PRELOAD.exec(argv[i] as string);
    if (!match) continue;
    const module = match[2] ?? argv[++i] ?? '';
    if (module === 'tsx' || module.startsWith('tsx/')) kept.push(`--${match[1]}=${module}`);
  }
  return kept;
}

/**
 * The host's handle of one worker thread: requests to it, its in-memory links, its heap and
 * load, and its watchdog. A thread that fails (a compute over its time, its heap exhausted, a
 * crash) is gone for good: the pool replaces it with a new WorkerThread under the same id.
 */
export class WorkerThread {
  readonly watch = newWatch(true);
  /** The DAG in each watch slot. */
  readonly slots = new Map<number, string>();
  readonly ready: Promise<void>;
  heapUsed = 0;
  heapLimit: number;
  utilization = 0;
  private readonly thread: Worker;
  private readonly rpc: Rpc<WorkerRequest>;
  private readonly links: MemoryLinks;
  private elu: EventLoopUtilization | undefined;
  private alive = true;
  private lastSeq = -1;
  private busySince = 0;
  private outOfMemory = false;
  private lastSummaries: DagSummary[] = [];

  constructor(
    readonly id: number,
    readonly restarts: number,
    init: Omit<WorkerInit, 'id' | 'watch'>,
    maxHeapMb: number | undefined,
    private readonly hooks: WorkerHooks,
  ) {
    this.heapLimit = (maxHeapMb ?? 0) * 1024 * 1024;
    this.thread = new Worker(workerBundle() ?? new URL('./boot.mjs', import.meta.url), {
      workerData: { ...init, id, watch: this.watch } satisfies WorkerInit,
      ...(maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } } : {}),
      execArgv: threadExecArgv(process.execArgv),
      name: `dag-worker-${id}`,
    });
    this.rpc = new Rpc((frame) => this.post(frame));
    const hostRpc = new Rpc<HostRequest>((frame) => this.post(frame));
    this.links = new MemoryLinks(hooks.broker, (frame) => this.post(frame));
    this.ready = new Promise<void>((resolve, reject) => {
      this.thread.on('message', (frame: WorkerToHost) => {
        switch (frame.t) {
          case 'ready':
            // Utilisation counts from here: the thread's start-up is no load of its DAGs.
            this.elu = this.thread.performance.eventLoopUtilization();
            resolve();
            return;
          case 'reply':
            this.rpc.settle(frame);
            return;
          case 'req':
            void hostRpc.answer(frame, (req) =>
              req.op === 'position.load'
                ? hooks.positions.load(req.key)
                : hooks.positions.save(req.key, req.position),
            );
            return;
          case 'events':
            hooks.onEvents(frame.events);
            return;
          case 'stats':
            this.stats(frame);
            return;
          default:
            this.links.handle(frame);
        }
      });
      this.thread.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
        reject(
          this.outOfMemory
            ? new AdapterError(
                `DAG worker ${id} ran out of heap (DAG_WORKER_MAX_HEAP_MB ${maxHeapMb ?? 'default'}): ${error.message}`,
              )
            : error,
        );
        this.fail(this.outOfMemory ? 'heap' : 'crash', error.message);
      });
      this.thread.on('exit', (code) => {
        reject(new AdapterError(`DAG worker ${id} exited with code ${code}`));
        this.fail('crash', `the thread exited with code ${code}`);
      });
    });
    this.ready.catch(() => {});
  }

  get threadId(): number {
    return this.thread.threadId;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** A watch slot for a DAG placed here. */
  place(dag: string): number {
    // The lowest free one: slots share an int32 with a node index (see watch.ts).
    let slot = 1;
    while (this.slots.has(slot)) slot++;
    this.slots.set(slot, dag);
    return slot;
  }

  unplace(dag: string): void {
    for (const [slot, name] of this.slots) if (name === dag) this.slots.delete(slot);
  }

  async request<T>(req: WorkerRequest): Promise<T> {
    await this.ready;
    if (!this.alive) throw new AdapterError(`DAG worker ${this.id} is being restarted`);
    try {
      return await this.rpc.request<T>(req);
    } catch (error) {
      // What cannot be cloned to the thread (a value nested past the stack) is the caller's input.
      if (
        error instanceof RangeError ||
        (error instanceof Error && error.name === 'DataCloneError')
      )
        throw new PayloadError(`cannot be handed to the DAG's worker thread: ${error.message}`);
      throw error;
    }
  }

  /**
   * Its DAGs' summaries; when it does not answer within `waitMs` (a compute stuck until the
   * watchdog ends it would hold the dashboard and /metrics that long), its last answer, with the
   * states the host knows (`known`: from lifecycle replies and stats).
   */
  async summaries(
    waitMs: number,
    known: (dag: string) => { state: DagState; reason: string | undefined } | undefined,
  ): Promise<DagSummary[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, waitMs, undefined);
    });
    const answer = this.request<DagSummary[]>({ op: 'list' }).then(
      (summaries) => (this.lastSummaries = summaries),
      () => undefined,
    );
    const first = await Promise.race([answer, late]);
    clearTimeout(timer);
    if (first) return first;
    return this.lastSummaries.map((summary) => {
      const host = known(summary.name);
      return host ? { ...summary, state: host.state, stateReason: host.reason } : summary;
    });
  }

  status(dags: readonly string[], running: number): WorkerStatus {
    return {
      id: this.id,
      dags: [...dags],
      running,
      eventLoopUtilization: this.utilization,
      heapUsedBytes: this.heapUsed,
      heapLimitBytes: this.heapLimit,
      restarts: this.restarts,
    };
  }

  /**
   * The watchdog's look, every tick: a compute that has been in progress (same message, same
   * DAG) for longer than its DAG's limit gets the thread terminated.
   */
  async check(now: number): Promise<void> {
    if (!this.alive) return;
    const seq = this.watch[WATCH_SEQ] as number;
    const { slot } = watchedDag(this.watch[WATCH_DAG] as number);
    if (slot === 0 || seq !== this.lastSeq) {
      this.lastSeq = seq;
      this.busySince = now;
      return;
    }
    const limit = this.hooks.timeoutOf(slot);
    if (limit === undefined || now - this.busySince < limit) return;
    const found = this.inProgress();
    const asked = await workerInspector.evaluate(
      this.threadId,
      'globalThis.__flowComputeInProgress?.()',
      ASK_TIMEOUT_MS,
    );
    const answer = asked
      ? (JSON.parse(asked) as {
          dag?: string;
          node?: string;
          input?: unknown;
          source?: unknown;
        } | null)
      : null;
    if (!this.alive) return;
    this.alive = false;
    void this.thread.terminate();
    this.finish({
      kind: 'timeout',
      dag: answer?.dag ?? found.dag,
      node: answer?.node ?? found.node,
      sourceNode: found.sourceNode,
      ...(answer ? { input: answer.input, source: answer.source } : {}),
      detail: `ran longer than compute_timeout_ms (${limit} ms)`,
    });
  }

  /** Ends the thread as a crash would (its DAGs go to a new thread). */
  async crash(reason: string): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    const terminated = this.thread.terminate();
    this.finish({ kind: 'crash', dag: undefined, node: undefined, detail: reason });
    await terminated;
  }

  /** Ends the thread (the pool closing). */
  async terminate(): Promise<void> {
    this.alive = false;
    this.rpc.failAll(new AdapterError(`DAG worker ${this.id} stopped`));
    this.links.close();
    await this.thread.terminate();
  }

  private inProgress(): {
    dag: string | undefined;
    node: string | undefined;
    sourceNode: string | undefined;
  } {
    const { slot, source } = watchedDag(this.watch[WATCH_DAG] as number);
    const dag = this.slots.get(slot);
    const name = (index: number) =>
      dag === undefined ? undefined : this.hooks.nodeName(dag, index);
    return { dag, node: name(this.watch[WATCH_NODE] as number), sourceNode: name(source) };
  }

  private fail(kind: WorkerFailure['kind'], message: string): void {
    if (!this.alive) return;
    this.alive = false;
    const found = this.inProgress();
    this.finish({
      kind,
      ...found,
      detail:
        kind === 'heap'
          ? `exhausted its worker's heap (DAG_WORKER_MAX_HEAP_MB ${Math.round(this.heapLimit / 1048576)})`
          : `its worker thread failed: ${message}`,
    });
  }

  private finish(failure: WorkerFailure): void {
    // A request its thread never answered: a passing fault (a 503 at the API), to be retried.
    this.rpc.failAll(new AdapterError(`DAG worker ${this.id} was restarted: ${failure.detail}`));
    this.links.close(
      failure.dag !== undefined && failure.source !== undefined
        ? { dag: failure.dag, message: failure.source }
        : undefined,
    );
    this.hooks.onFailure(this, failure);
  }

  private stats(stats: WorkerStats): void {
    this.heapUsed = stats.heapUsed;
    if (!this.heapLimit) this.heapLimit = stats.heapLimit;
    const elu = this.thread.performance.eventLoopUtilization();
    this.utilization = this.elu
      ? performance.eventLoopUtilization(elu, this.elu).utilization
      : elu.utilization;
    this.elu = elu;
    this.hooks.onStats(this, stats);
  }

  private post(frame: unknown): void {
    if (this.alive) this.thread.postMessage(frame);
  }
}
