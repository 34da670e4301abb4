import type { DagSummary } from '../../trpc';

export interface DagTotals {
  running: number;
  suspended: number;
  stopped: number;
  /** Stopped by the watchdog: a compute ran too long or its worker's heap ran out. */
  failed: number;
  /** Messages per second entering all DAGs. */
  rate: number;
  errors: number;
}

/** Counts over all DAGs: how many run, are suspended, stopped or failed, their total rate and errors. */
export function summarize(dags: readonly DagSummary[]): DagTotals {
  const totals: DagTotals = { running: 0, suspended: 0, stopped: 0, failed: 0, rate: 0, errors: 0 };
  for (const dag of dags) {
    totals[dag.state]++;
    totals.rate += dag.rate;
    totals.errors += dag.errorCount;
  }
  return totals;
}
