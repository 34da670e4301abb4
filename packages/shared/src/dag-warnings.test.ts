import { describe, expect, it } from 'vitest';
import { dagWarnings } from './dag-warnings';

describe('dagWarnings', () => {
  it('warns of a DAG without nodes', () => {
    expect(dagWarnings({ name: 'x', nodes: [] }).map((w) => w.code)).toEqual(['empty_dag']);
    expect(dagWarnings({ name: 'x' }).map((w) => w.code)).toEqual(['empty_dag']);
  });

  it('warns of each node without an edge, at its path, and of no other', () => {
    const config = {
      name: 'x',
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 's' } },
        { name: 'calc', type: 'CalculationNode', config: { calculator: 'c' } },
        { name: 'alone', type: 'CalculationNode', config: { calculator: 'c' } },
      ],
      edges: [{ from: 'src', to: 'calc' }],
    };
    const warnings = dagWarnings(config);
    expect(warnings).toEqual([
      {
        path: '$.nodes[2]',
        segments: ['nodes', 2],
        code: 'not_connected',
        message: 'node "alone" is not connected: no edge goes into or out of it',
        node: 'alone',
      },
    ]);
  });

  it('leaves what is not a DAG to the validation', () => {
    expect(dagWarnings('nope')).toEqual([]);
    expect(dagWarnings({ nodes: [{ type: 'SubscriptionNode' }] })).toEqual([]);
  });
});
