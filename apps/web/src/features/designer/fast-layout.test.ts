import { describe, expect, it } from 'vitest';
import { fastLayeredLayout, type LayoutLink } from './fast-layout';

const box = (id: string) => ({ id, width: 100, height: 40 });
const spacing = { betweenLayers: 50, betweenNodes: 10 };
const layout = (ids: string[], links: [string, string][]) =>
  fastLayeredLayout(
    ids.map(box),
    links.map(([source, target]): LayoutLink => ({ source, target })),
    spacing,
  );

describe('fastLayeredLayout', () => {
  it('puts each node one layer after its furthest predecessor, left to right', () => {
    const p = layout(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['c', 'd'],
      ],
    );
    expect([...p.values()].map((q) => q.x)).toEqual([0, 150, 300, 450]);
  });

  it('never overlaps two nodes of a layer, and keeps a chain on one line', () => {
    const ids = ['s', 'x1', 'x2', 'y1', 'y2', 'z1', 'z2'];
    const p = layout(ids, [
      ['s', 'x1'],
      ['x1', 'x2'],
      ['s', 'y1'],
      ['y1', 'y2'],
      ['s', 'z1'],
      ['z1', 'z2'],
    ]);
    const layer1 = ['x1', 'y1', 'z1'].map((id) => p.get(id)!.y).sort((a, b) => a - b);
    expect(layer1[1]! - layer1[0]!).toBeGreaterThanOrEqual(50);
    expect(layer1[2]! - layer1[1]!).toBeGreaterThanOrEqual(50);
    for (const [a, b] of [
      ['x1', 'x2'],
      ['y1', 'y2'],
      ['z1', 'z2'],
    ] as const)
      expect(p.get(a)!.y).toBe(p.get(b)!.y);
    // The source sits at the middle of what it feeds.
    expect(p.get('s')!.y).toBe(layer1[1]);
  });

  it('orders a layer to avoid crossings (barycenters)', () => {
    // a feeds a2 and b feeds b2, though the second layer is listed the other way round.
    const p = layout(
      ['a', 'b', 'b2', 'a2'],
      [
        ['a', 'a2'],
        ['b', 'b2'],
      ],
    );
    expect(p.get('a')!.y < p.get('b')!.y).toBe(p.get('a2')!.y < p.get('b2')!.y);
  });

  it('places every node of a cycle, unknown ends and self loops ignored', () => {
    const p = layout(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
        ['a', 'a'],
        ['a', 'nowhere'],
      ],
    );
    expect([...p.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const q of p.values()) expect(Number.isFinite(q.x) && Number.isFinite(q.y)).toBe(true);
    expect(p.get('b')!.x).toBeGreaterThan(p.get('a')!.x);
  });

  it('lays out 10,000 nodes in well under a second', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const links: [string, string][] = ids
      .slice(1)
      .map((id, i) => [`n${Math.floor(i / 4) * 4}`, id]);
    const started = performance.now();
    const p = layout(ids, links);
    expect(p.size).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
