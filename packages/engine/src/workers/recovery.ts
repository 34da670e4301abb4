import type { NodeIssue } from '@flow/shared';
import type { DagSummary } from '../runtime/details';
import type { EventHub } from '../runtime/events';
import type { Placement } from './placement';
import type { WorkerFailure, WorkerThread } from './worker-thread';

/** What replacing a failed worker needs of the server holding the DAGs. */
export interface RecoveryHost {
  /** The pool's threads, replaced in place. */
  readonly workers: WorkerThread[];
  readonly dags: ReadonlyMap<string, Placement>;
  /** When each worker's threads failed lately (by worker id). */
  readonly failures: Map<number, number[]>;
  closed(): boolean;
  spawn(id: number, restarts: number): WorkerThread;
  install(placement: Placement): Promise<DagSummary>;
  lifecycle(placement: Placement, op: 'start' | 'suspend'): Promise<void>;
  readonly events: EventHub;
  onFailed(dag: string, reason: string): void;
}

/**
 * A worker failed: a new thread takes its place and its DAGs, the one that caused it `failed`
 * (stopped, its node showing why), the others back in the state users left them in.
 */
export async function replaceWorker(
  host: RecoveryHost,
  failed: WorkerThread,
  failure: WorkerFailure,
): Promise<void> {
  if (host.closed()) return;
  if (host.workers.indexOf(failed) < 0) return;
  // A thread that keeps failing (a plugin crashing it at start) is replaced ever more slowly.
  const now = Date.now();
  const recent = (host.failures.get(failed.id) ?? []).filter((t) => now - t < 60_000);
  recent.push(now);
  host.failures.set(failed.id, recent);
  if (recent.length > 3) {
    const delay = Math.min(30_000, 1000 * 2 ** (recent.length - 4));
    console.error(
      `DAG worker ${failed.id} failed ${recent.length} times in a minute (${failure.detail}): replacing it in ${delay} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    if (host.closed()) return;
  }
  const index = host.workers.indexOf(failed);
  if (index < 0) return;
  const fresh = host.spawn(failed.id, failed.restarts + 1);
  host.workers[index] = fresh;
  const placements = [...host.dags.values()].filter((p) => p.worker === failed);
  await Promise.all(
    placements.map(async (placement) => {
      placement.worker = fresh;
      const culprit = placement.name === failure.dag;
      if (culprit) markFailed(host, placement, failure);
      try {
        await host.install(placement);
        if (culprit) {
          if (failure.node !== undefined) {
            const issue: Pick<NodeIssue, 'level' | 'message' | 'input'> = {
              level: 'error',
              message: placement.reason ?? failure.detail,
              input: failure.input,
            };
            await fresh.request({ op: 'record', dag: placement.name, node: failure.node, issue });
          }
          return;
        }
        if (placement.desired !== 'stopped') await host.lifecycle(placement, 'start');
        if (placement.desired === 'suspended') await host.lifecycle(placement, 'suspend');
      } catch (error) {
        // The new thread failed as well (its own replacement takes the DAG on).
        void error;
      }
    }),
  );
}

function markFailed(host: RecoveryHost, placement: Placement, failure: WorkerFailure): void {
  placement.desired = 'stopped';
  placement.state = 'failed';
  placement.poison =
    failure.sourceNode !== undefined && failure.source !== undefined
      ? { node: failure.sourceNode, message: failure.source }
      : undefined;
  placement.reason =
    failure.node !== undefined
      ? `node "${failure.node}" ${failure.detail}`
      : `DAG ${placement.name} ${failure.detail}`;
  host.onFailed(placement.name, placement.reason);
  if (host.events.active)
    host.events.emit({
      type: 'state',
      dag: placement.name,
      state: 'failed',
      reason: placement.reason,
    });
}
