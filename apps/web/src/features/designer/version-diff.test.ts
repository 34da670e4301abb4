import { describe, expect, it } from 'vitest';
import { fieldChanges, sameJson, shownValue, versionDiff } from './version-diff';

const v1 = {
  name: 'sums',
  timezone: 'UTC',
  subscribers: [{ name: 'in_q', config: { source: 'mem://queue/in' } }],
  publishers: [{ name: 'out_q', config: { destination: 'mem://queue/out' } }],
  calculators: [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in_q' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out_q'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
  ui: { positions: { src: { x: 0, y: 0 } } },
};

describe('versionDiff (issue 18)', () => {
  it('finds nothing between a config and itself, whatever the key order', () => {
    const reordered = {
      ...v1,
      nodes: v1.nodes.map((n) => ({ config: n.config, type: n.type, name: n.name })),
    };
    const diff = versionDiff(v1, reordered);
    expect(diff.same).toBe(true);
    expect(diff.nodes).toEqual([]);
  });

  it('lists a node added, one removed and one whose config changed, with the key', () => {
    const v2 = {
      ...v1,
      nodes: [
        v1.nodes[0],
        { name: 'calc', type: 'CalculationNode', config: { calculator: 'add', priority: 2 } },
        { name: 'log', type: 'SinkNode', config: {} },
      ],
    };
    expect(versionDiff(v1, v2).nodes).toEqual([
      {
        name: 'calc',
        type: 'CalculationNode',
        status: 'changed',
        changes: [{ path: 'config.priority', after: 2 }],
      },
      { name: 'log', type: 'SinkNode', status: 'added', changes: [] },
      { name: 'sink', type: 'PublicationNode', status: 'removed', changes: [] },
    ]);
  });

  it("lists a component's config change per key, an array as one value", () => {
    const v2 = {
      ...v1,
      calculators: [
        {
          name: 'add',
          type: 'AdditionCalculator',
          config: { arguments: ['a', 'c'], output_attribute: 'total' },
        },
      ],
      subscribers: [],
    };
    const diff = versionDiff(v1, v2);
    expect(diff.components).toEqual([
      { section: 'subscribers', name: 'in_q', status: 'removed', changes: [] },
      {
        section: 'calculators',
        name: 'add',
        type: 'AdditionCalculator',
        status: 'changed',
        changes: [
          { path: 'config.arguments', before: ['a', 'b'], after: ['a', 'c'] },
          { path: 'config.output_attribute', before: 'sum', after: 'total' },
        ],
      },
    ]);
    expect(diff.same).toBe(false);
  });

  it('lists edges by their ends: added, removed, and a changed pname', () => {
    const v2 = {
      ...v1,
      edges: [
        { from: 'src', to: 'calc', pname: 'L' },
        { from: 'src', to: 'sink' },
      ],
    };
    expect(versionDiff(v1, v2).edges).toEqual([
      { key: 'src → calc', status: 'changed', changes: [{ path: 'pname', after: 'L' }] },
      { key: 'src → sink', status: 'added', changes: [] },
      { key: 'calc → sink', status: 'removed', changes: [] },
    ]);
  });

  it('lists top-level keys, and a layout change apart', () => {
    const v2 = { ...v1, timezone: 'Europe/Paris', description: 'sums', ui: { positions: {} } };
    const diff = versionDiff(v1, v2);
    expect(diff.settings).toEqual([
      { path: 'description', after: 'sums' },
      { path: 'timezone', before: 'UTC', after: 'Europe/Paris' },
    ]);
    expect(diff.layoutChanged).toBe(true);
    expect(diff.nodes).toEqual([]);
  });

  it('reads anything without throwing: missing lists, nameless items, not an object', () => {
    expect(versionDiff(null, { nodes: [{ type: 'x' }, 'y'] }).same).toBe(true);
    expect(versionDiff({ nodes: 'no' }, { nodes: [{ name: 'a' }] }).nodes).toEqual([
      { name: 'a', status: 'added', changes: [] },
    ]);
  });
});

describe('the helpers', () => {
  it('compares JSON deeply', () => {
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, [1])).toBe(false);
  });

  it('walks objects key by key and keeps a value that is not an object whole', () => {
    expect(fieldChanges({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } })).toEqual([
      { path: 'a.c', before: 2, after: 3 },
    ]);
    expect(fieldChanges({ a: 1 }, { a: { b: 1 } })).toEqual([
      { path: 'a', before: 1, after: { b: 1 } },
    ]);
  });

  it('shows values as JSON cut short', () => {
    expect(shownValue(undefined)).toBe('(none)');
    expect(shownValue('text')).toBe('text');
    expect(shownValue(['a', 'b'])).toBe('["a","b"]');
    expect(shownValue('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
