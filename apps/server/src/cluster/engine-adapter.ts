import type { DagEngine } from '@flow/engine';

/**
 * The engine's side of the lease: its sources process nothing past the Float64 `validUntil` in
 * this buffer (a process frozen and resumed runs nothing before its main thread notices).
 * Through `setLease` where the engine has it.
 */
export function setEngineLease(engine: DagEngine, lease: SharedArrayBuffer | undefined): void {
  const leased = engine as DagEngine & {
    setLease?: (lease: SharedArrayBuffer | undefined) => void;
  };
  if (typeof leased.setLease === 'function') leased.setLease(lease);
}

/** How many instances run a DAG at once (`replicas`, 1 unless a Kafka-fed DAG says more). */
export function replicasOf(config: Readonly<Record<string, unknown>>): number {
  const replicas = config.replicas;
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas > 1 ? replicas : 1;
}
