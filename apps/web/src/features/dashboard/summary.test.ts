import { describe, expect, it } from 'vitest';
import type { DagSummary } from '../../trpc';
import { summarize } from './summary';

const dag = (state: DagSummary['state'], rate = 0, errorCount = 0): DagSummary => ({
  name: `dag_${state}_${rate}`,
  state,
  window: null,
  propagate: 'every',
  nodeCount: 2,
  rate,
  errorCount,
  deployedVersion: 1,
  latestVersion: 1,
});

describe('dashboard summary', () => {
  it('counts the DAGs in each state, failed ones apart from stopped ones', () => {
    const totals = summarize([
      dag('running', 10, 1),
      dag('running', 2.5),
      dag('suspended'),
      dag('stopped'),
      dag('failed', 0, 3),
      dag('failed'),
    ]);
    expect(totals).toEqual({
      running: 2,
      suspended: 1,
      stopped: 1,
      failed: 2,
      rate: 12.5,
      errors: 4,
    });
  });

  it('is all zeros without DAGs', () => {
    expect(summarize([])).toEqual({
      running: 0,
      suspended: 0,
      stopped: 0,
      failed: 0,
      rate: 0,
      errors: 0,
    });
  });
});
