import { describe, expect, it } from 'vitest';
import { findNodes } from './find';
import { emptyDoc, flowNode, type EditorGraph } from './model';

const graph: EditorGraph = {
  doc: {
    ...emptyDoc('d'),
    subscribers: [{ name: 'orders_in', config: { source: 'file:/data/orders.csv' } }],
    calculators: [
      { name: 'total', type: 'AdditionCalculator', config: { arguments: ['price', 'tax'] } },
    ],
  },
  nodes: [
    flowNode(
      { name: 'orders_in', type: 'SubscriptionNode', config: { subscriber: 'orders_in' } },
      { x: 0, y: 0 },
    ),
    flowNode(
      {
        name: 'total',
        type: 'CalculationNode',
        config: { calculator: 'total', input_transformers: [], output_transformers: [] },
      },
      { x: 0, y: 0 },
    ),
    flowNode(
      { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 2500 } },
      { x: 0, y: 0 },
    ),
  ],
  edges: [],
};

describe('findNodes', () => {
  it('finds nothing for an empty query', () => {
    expect(findNodes(graph, '  ')).toEqual([]);
  });

  it('finds by name, case-insensitive', () => {
    expect(findNodes(graph, 'TOT')).toEqual([
      { name: 'total', type: 'CalculationNode · AdditionCalculator', where: 'name' },
    ]);
  });

  it('finds by node type and calculator type', () => {
    expect(findNodes(graph, 'metronome').map((h) => [h.name, h.where])).toEqual([['tick', 'type']]);
    expect(findNodes(graph, 'addition').map((h) => h.name)).toEqual(['total']);
  });

  it("finds by a value of the node's config or of a component it uses, saying where", () => {
    expect(findNodes(graph, '2500')).toEqual([
      { name: 'tick', type: 'MetronomeNode', where: 'config interval_ms = 2500' },
    ]);
    const [hit] = findNodes(graph, 'orders.csv');
    expect(hit?.name).toBe('orders_in');
    expect(hit?.where).toBe('subscriber orders_in source = file:/data/orders.csv');
    expect(findNodes(graph, 'tax')[0]?.where).toBe('calculator total arguments[1] = tax');
  });

  it('lists name matches before config matches, and stops at the limit', () => {
    const hits = findNodes(graph, 'o');
    expect(hits[0]?.where).toBe('name');
    expect(findNodes(graph, 'o', 1)).toHaveLength(1);
  });
});
