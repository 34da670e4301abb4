import { MAX_JSON_DEPTH, type Dag, type DagState } from '@flow/shared';
import type { PluginLoadReport } from '../components/plugins';
import type { Message } from '../message';
import { windowOf, type DagSummary } from '../runtime/details';
import type { WorkerThread } from './worker-thread';

/** What the host knows of a DAG it placed on a worker. */
export interface Placement {
  readonly name: string;
  config: Dag;
  readonly baseDir: string;
  worker: WorkerThread;
  /** What users asked for: a DAG restarted after its worker failed goes back to this. */
  desired: 'running' | 'suspended' | 'stopped';
  state: DagState;
  reason: string | undefined;
  nodes: readonly string[];
  /** The source message a `failed` DAG was stuck on: skipped once when it starts again. */
  poison?: { readonly node: string; readonly message: unknown } | undefined;
}

/** The running (or suspended) DAGs on a worker, but `except`. */
export function activeOn(
  worker: WorkerThread,
  placements: Iterable<Placement>,
  except?: Placement,
): number {
  let active = 0;
  for (const p of placements)
    if (p.worker === worker && p !== except && p.desired !== 'stopped') active++;
  return active;
}

/** The worker with the fewest running DAGs (then the fewest DAGs, then the least busy). */
export function leastLoaded(
  workers: readonly WorkerThread[],
  placements: Iterable<Placement>,
  except?: Placement,
): WorkerThread {
  const all = [...placements].filter((p) => p !== except);
  const load = (worker: WorkerThread) =>
    [
      activeOn(worker, all),
      all.filter((p) => p.worker === worker).length,
      worker.utilization,
    ] as const;
  let best = workers[0] as WorkerThread;
  let bestLoad = load(best);
  for (const worker of workers.slice(1)) {
    const l = load(worker);
    if (
      l[0] < bestLoad[0] ||
      (l[0] === bestLoad[0] && (l[1] < bestLoad[1] || (l[1] === bestLoad[1] && l[2] < bestLoad[2])))
    ) {
      best = worker;
      bestLoad = l;
    }
  }
  return best;
}

/** What the host tells of a DAG: the worker's summary, with its worker and a `failed` state. */
export function overlay(placement: Placement, summary: DagSummary): Partial<DagSummary> {
  return {
    worker: placement.worker.id,
    ...(placement.state === 'failed'
      ? { state: 'failed' as const, stateReason: placement.reason }
      : { state: summary.state, stateReason: summary.stateReason }),
  };
}

/** A DAG's summary from its config, when its worker cannot answer (being replaced). */
export function offlineSummary(placement: Placement): DagSummary {
  const { config } = placement;
  return {
    name: placement.name,
    description: config.description,
    state: placement.state,
    stateReason: placement.reason,
    window: windowOf(config) ?? null,
    propagate: config.propagate,
    nodeCount: config.nodes.length,
    rate: 0,
    errorCount: 0,
  };
}

/**
 * A message nested deeper than the limit cannot cross to a worker (the structured clone
 * recurses): the worker gets one with the same top-level keys, nested just too deep, which its
 * source refuses and records as it would the original.
 */
export function tooDeepStandIn(message: Message): Message {
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = { a: deep };
  return Object.fromEntries(Object.keys(message).map((key) => [key, deep]));
}

/**
 * The host's plugin report with what failed in the worker threads: a plugin that loads here but
 * not in a thread could be saved and never run, so it counts as failed, saying where.
 */
export function mergePluginReports(
  host: PluginLoadReport,
  threads: readonly PluginLoadReport[],
): PluginLoadReport {
  const failed = [...host.failed];
  for (const thread of threads)
    for (const f of thread.failed)
      if (!failed.some((known) => known.file === f.file))
        failed.push({ file: f.file, error: `in a DAG worker thread: ${f.error}` });
  return { loaded: host.loaded.filter((p) => !failed.some((f) => f.file === p.file)), failed };
}
