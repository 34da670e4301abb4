// What the dashboard's workers strip says of one worker thread (server.status `workers`).
import type { WorkerStatus } from '@flow/shared';

const MB = 1024 * 1024;

/** A fraction (0..1) as a whole percentage, `0%` to `100%`; `<1%` for a little above nothing. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  if (fraction < 0.01) return '<1%';
  return `${Math.round(Math.min(fraction, 1) * 100)}%`;
}

/** Bytes as whole megabytes (MiB, as DAG_WORKER_MAX_HEAP_MB counts them): `45 MB`. */
export function formatMegabytes(bytes: number): string {
  return `${Math.round(Math.max(bytes, 0) / MB)} MB`;
}

/** `45 / 528 MB`: heap used of the worker's limit. */
export function heapText(w: Pick<WorkerStatus, 'heapUsedBytes' | 'heapLimitBytes'>): string {
  return `${Math.round(Math.max(w.heapUsedBytes, 0) / MB)} / ${formatMegabytes(w.heapLimitBytes)}`;
}

/** Heap used as a fraction of the limit (0..1); 0 when the limit is unknown. */
export function heapFraction(w: Pick<WorkerStatus, 'heapUsedBytes' | 'heapLimitBytes'>): number {
  return w.heapLimitBytes > 0 ? Math.min(Math.max(w.heapUsedBytes / w.heapLimitBytes, 0), 1) : 0;
}

/** The bar colour of a load (0..1): calm below 60 %, yellow below 85 %, red above. */
export function loadColor(fraction: number): 'teal' | 'yellow' | 'red' {
  if (fraction < 0.6) return 'teal';
  return fraction < 0.85 ? 'yellow' : 'red';
}

/** `2 of 3 DAGs running`, `1 DAG, running`, `1 DAG, not running`, `no DAGs`. */
export function placementText(w: Pick<WorkerStatus, 'dags' | 'running'>): string {
  const placed = w.dags.length;
  if (placed === 0) return 'no DAGs';
  if (placed === 1) return w.running > 0 ? '1 DAG, running' : '1 DAG, not running';
  return `${w.running} of ${placed} DAGs running`;
}

/** `no restarts`, `1 restart`, `3 restarts`. */
export function restartsText(restarts: number): string {
  if (restarts === 0) return 'no restarts';
  return `${restarts} ${restarts === 1 ? 'restart' : 'restarts'}`;
}
