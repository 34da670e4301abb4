import { describe, expect, it } from 'vitest';
import { jsonPath } from './problems';
import { nodeReferences, renameReferences } from './references';
import { validateDag } from './validate';

const calc = {
  name: 'calc',
  type: 'CalculationNode',
  config: { calculator: 'add', input_transformers: ['t1', 't2'], output_transformers: ['t1'] },
};

describe('nodeReferences', () => {
  it('lists what a node names, in order, with its place in the node', () => {
    expect(nodeReferences(calc)).toEqual([
      { kind: 'calculator', name: 'add', segments: ['config', 'calculator'] },
      { kind: 'transformer', name: 't1', segments: ['config', 'input_transformers', 0] },
      { kind: 'transformer', name: 't2', segments: ['config', 'input_transformers', 1] },
      { kind: 'transformer', name: 't1', segments: ['config', 'output_transformers', 0] },
    ]);
    expect(
      nodeReferences({ type: 'PublicationNode', config: { publishers: ['a', 'b'] } }).map(
        (r) => `${r.kind} ${r.name}`,
      ),
    ).toEqual(['publisher a', 'publisher b']);
    expect(nodeReferences({ type: 'SubscriptionNode', config: { subscriber: 's' } })).toEqual([
      { kind: 'subscriber', name: 's', segments: ['config', 'subscriber'] },
    ]);
  });

  it('skips what is not a name and reads any value without throwing', () => {
    expect(nodeReferences({ config: { subscriber: 3, publishers: [null, 'p'] } })).toEqual([
      { kind: 'publisher', name: 'p', segments: ['config', 'publishers', 1] },
    ]);
    for (const odd of [null, 'x', [], {}, { config: [] }, { config: null }])
      expect(nodeReferences(odd)).toEqual([]);
    expect(nodeReferences({ config: JSON.parse('{"__proto__": {"subscriber": "x"}}') })).toEqual(
      [],
    );
  });
});

describe('renameReferences', () => {
  it('renames the references it is told to, in a copy, leaving the original as it was', () => {
    const before = structuredClone(calc);
    const next = renameReferences(calc, (r) =>
      r.kind === 'transformer' && r.name === 't1' ? 'renamed' : r.name,
    );
    expect(next.config).toEqual({
      calculator: 'add',
      input_transformers: ['renamed', 't2'],
      output_transformers: ['renamed'],
    });
    expect(calc).toEqual(before);
  });

  it('returns the node itself when no name changes', () => {
    expect(renameReferences(calc, (r) => r.name)).toBe(calc);
  });
});

describe('problems carry their place as segments, and cycles their nodes', () => {
  const cn = (name: string) => ({ name, type: 'CalculationNode', config: {} });
  const edge = (from: string, to: string) => ({ from, to });

  it('names the nodes along each cycle, and the segments agree with the path', () => {
    const result = validateDag({
      name: 'd',
      nodes: [cn('a'), cn('b'), cn('c'), cn('d')],
      edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('d', 'd')],
    });
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => [p.code, p.segments, p.nodes])).toEqual([
      ['cycle', ['edges', 0], ['a', 'b', 'c']],
      ['cycle', ['edges', 3], ['d']],
    ]);
  });

  it('gives every problem segments from which its path is written', () => {
    const result = validateDag({
      name: 'bad-name',
      timezone: 'Nowhere/Land',
      nodes: [{ name: 'n', type: 'CalculationNode', config: { calculator: 'nope' } }],
      edges: [edge('n', 'ghost')],
      ui: { 'odd key': 1 },
    });
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.length).toBeGreaterThan(2);
    for (const p of result.problems) expect(jsonPath(p.segments)).toBe(p.path);
    expect(result.problems.find((p) => p.code === 'unknown_reference')?.segments).toEqual([
      'nodes',
      0,
      'config',
      'calculator',
    ]);
  });
});
