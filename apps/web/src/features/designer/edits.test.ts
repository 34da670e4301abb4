import { describe, expect, it } from 'vitest';
import {
  componentsOf,
  copyOf,
  mapReferences,
  paletteNode,
  pasted,
  renameReferences,
  withEdgePname,
  withoutSelection,
} from './edits';
import { emptyDoc, flowEdge, flowNode, type EditorGraph, type NodeSpec } from './model';

const src: NodeSpec = { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } };
const calc: NodeSpec = {
  name: 'calc',
  type: 'CalculationNode',
  config: { calculator: 'add', input_transformers: ['t1'], output_transformers: ['t2'] },
};
const out: NodeSpec = {
  name: 'out',
  type: 'PublicationNode',
  config: { publishers: ['p'], input_transformers: ['t1'] },
};

function graph(selected: string[] = []): EditorGraph {
  const doc = emptyDoc('g');
  doc.subscribers = [{ name: 'in', config: { source: 'mem://in' } }];
  doc.publishers = [{ name: 'p', config: { destination: 'mem://p' } }];
  doc.calculators = [{ name: 'add', type: 'AdditionCalculator', config: {} }];
  doc.transformers = [
    { name: 't1', type: 'X', config: {} },
    { name: 't2', type: 'X', config: {} },
  ];
  const nodes = [src, calc, out].map((s, i) => ({
    ...flowNode(s, { x: i * 100, y: 0 }),
    selected: selected.includes(s.name),
  }));
  const edges = [flowEdge({ from: 'src', to: 'calc' }), flowEdge({ from: 'calc', to: 'out' })];
  return { doc, nodes, edges };
}

describe('the reference walk', () => {
  it('names every component a node uses, in config order', () => {
    expect(componentsOf(src)).toEqual([['subscribers', 'in']]);
    expect(componentsOf(calc)).toEqual([
      ['calculators', 'add'],
      ['transformers', 't1'],
      ['transformers', 't2'],
    ]);
    expect(componentsOf(out)).toEqual([
      ['publishers', 'p'],
      ['transformers', 't1'],
    ]);
  });

  it('gives back the same spec when nothing is renamed', () => {
    for (const spec of [src, calc, out]) expect(mapReferences(spec, (_s, n) => n)).toBe(spec);
  });

  it('renames a component everywhere it is used, transformers on edges too', () => {
    const g = graph();
    g.edges[0]!.data!.spec.transformer = 't1';
    const { nodes, edges } = renameReferences(g, 'transformers', 't1', 'tx');
    expect(nodes[0]).toBe(g.nodes[0]);
    expect(componentsOf(nodes[1]!.data.spec)).toContainEqual(['transformers', 'tx']);
    expect(componentsOf(nodes[2]!.data.spec)).toEqual([
      ['publishers', 'p'],
      ['transformers', 'tx'],
    ]);
    expect(edges[0]!.data!.spec.transformer).toBe('tx');
  });
});

describe('delete and paste', () => {
  it('deleting a node takes its edges and the components only it used, not transformers', () => {
    const next = withoutSelection(graph(['calc']))!;
    expect(next.nodes.map((n) => n.id)).toEqual(['src', 'out']);
    expect(next.edges).toEqual([]);
    expect(next.doc.calculators).toEqual([]);
    expect(next.doc.transformers.map((t) => t.name)).toEqual(['t1', 't2']);
    expect(withoutSelection(graph())).toBeNull();
  });

  it('a pasted copy gets its own names and components, and keeps the transformers', () => {
    const g = graph(['src', 'calc']);
    const clip = copyOf(g)!;
    expect(clip.edges).toEqual([{ from: 'src', to: 'calc' }]);
    const { doc, nodes, edges } = pasted(g, clip);
    expect(nodes.map((n) => n.id)).toEqual(['src_copy', 'calc_copy']);
    expect(componentsOf(nodes[0]!.data.spec)).toEqual([['subscribers', 'in_copy']]);
    expect(componentsOf(nodes[1]!.data.spec)).toEqual([
      ['calculators', 'add_copy'],
      ['transformers', 't1'],
      ['transformers', 't2'],
    ]);
    expect(doc.subscribers.map((s) => s.name)).toEqual(['in', 'in_copy']);
    expect(edges.map((e) => [e.source, e.target])).toEqual([['src_copy', 'calc_copy']]);
  });
});

describe('the node forms of the original system', () => {
  it('the palette adds a PublisherSinkNode and a SinkNode, no component with them', () => {
    const g = graph();
    const each = paletteNode(g, { kind: 'sink', type: 'PublisherSinkNode', defaults: {} });
    expect(each.spec).toEqual({
      name: 'publish_each',
      type: 'PublisherSinkNode',
      config: { publishers: [] },
    });
    const end = paletteNode(g, { kind: 'sink', type: 'SinkNode', defaults: {} });
    expect(end.spec).toEqual({ name: 'end', type: 'SinkNode', config: {} });
    expect(end.doc).toEqual(g.doc);
  });

  it("an edge's pname is set and removed, its other keys kept", () => {
    const g = graph();
    const id = g.edges[0]!.id;
    const set = withEdgePname(g.edges, id, 'L');
    expect(set[0]!.data!.spec).toEqual({ from: 'src', to: 'calc', pname: 'L' });
    expect(set[1]).toBe(g.edges[1]);
    expect(withEdgePname(set, id, undefined)[0]!.data!.spec).toEqual({ from: 'src', to: 'calc' });
  });
});
