import { describe, expect, it } from 'vitest';
import { topologicalOrder, type GraphEdge } from './graph';

const e = (from: string, to: string): GraphEdge => ({ from, to });

function orderOf(nodes: string[], edges: GraphEdge[]): string[] {
  const result = topologicalOrder(nodes, edges);
  if (!result.ok) throw new Error(`unexpected cycles: ${JSON.stringify(result.cycles)}`);
  return result.order;
}

function cyclesOf(nodes: string[], edges: GraphEdge[]): string[][] {
  const result = topologicalOrder(nodes, edges);
  if (result.ok) throw new Error(`expected cycles, got order ${result.order.join(', ')}`);
  return result.cycles;
}

/** Every edge goes from an earlier to a later node of the order. */
function expectRespects(order: string[], edges: GraphEdge[]): void {
  for (const { from, to } of edges) expect(order.indexOf(from)).toBeLessThan(order.indexOf(to));
}

describe('topologicalOrder', () => {
  it('keeps declaration order when there are no edges', () => {
    expect(orderOf(['c', 'a', 'b'], [])).toEqual(['c', 'a', 'b']);
  });

  it('returns an empty order for an empty graph', () => {
    expect(orderOf([], [])).toEqual([]);
  });

  it('puts every parent before its children', () => {
    const nodes = ['sink', 'merge', 'right', 'left', 'src'];
    const edges = [
      e('src', 'left'),
      e('src', 'right'),
      e('left', 'merge'),
      e('right', 'merge'),
      e('merge', 'sink'),
    ];
    const order = orderOf(nodes, edges);
    expect(order).toHaveLength(5);
    expect(new Set(order)).toEqual(new Set(nodes));
    expectRespects(order, edges);
  });

  it('keeps declaration order among children that become ready together', () => {
    // left and right are both ready once src is placed; right was declared first
    const nodes = ['src', 'right', 'left', 'merge'];
    const edges = [e('src', 'left'), e('src', 'right'), e('left', 'merge'), e('right', 'merge')];
    expect(orderOf(nodes, edges)).toEqual(['src', 'right', 'left', 'merge']);
  });

  it('keeps declaration order among nodes that are ready together', () => {
    expect(orderOf(['a', 'b', 'c', 'd'], [e('d', 'a')])).toEqual(['b', 'c', 'd', 'a']);
    expect(orderOf(['x', 'y', 'z'], [e('z', 'y')])).toEqual(['x', 'z', 'y']);
  });

  it('ignores edges whose endpoints are not nodes', () => {
    expect(orderOf(['a', 'b'], [e('ghost', 'a'), e('b', 'phantom'), e('b', 'a')])).toEqual([
      'b',
      'a',
    ]);
  });

  it('handles repeated edges', () => {
    expect(orderOf(['b', 'a'], [e('a', 'b'), e('a', 'b')])).toEqual(['a', 'b']);
  });

  it('returns a cycle with the names along it, the first repeated at the end', () => {
    expect(cyclesOf(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c'), e('c', 'a')])).toEqual([
      ['a', 'b', 'c', 'a'],
    ]);
  });

  it('returns a self-loop', () => {
    expect(cyclesOf(['a', 'b'], [e('a', 'b'), e('b', 'b')])).toEqual([['b', 'b']]);
  });

  it('leaves nodes before and after a cycle out of it', () => {
    const nodes = ['before', 'a', 'b', 'after'];
    const edges = [e('before', 'a'), e('a', 'b'), e('b', 'a'), e('b', 'after')];
    expect(cyclesOf(nodes, edges)).toEqual([['a', 'b', 'a']]);
  });

  it('reports two disjoint cycles', () => {
    const nodes = ['a', 'b', 'ok', 'x', 'y', 'z'];
    const edges = [e('a', 'b'), e('b', 'a'), e('x', 'y'), e('y', 'z'), e('z', 'x'), e('ok', 'x')];
    expect(cyclesOf(nodes, edges)).toEqual([
      ['a', 'b', 'a'],
      ['x', 'y', 'z', 'x'],
    ]);
  });

  it('orders a 10,000-node chain declared backwards without recursion problems', () => {
    const n = 10_000;
    const chain = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges = chain.slice(1).map((to, i) => e(chain[i]!, to));
    expect(orderOf([...chain].reverse(), edges)).toEqual(chain);
  });

  it('reports a 10,000-node cycle as one cycle', () => {
    const n = 10_000;
    const ring = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges = ring.map((from, i) => e(from, ring[(i + 1) % n]!));
    const cycles = cyclesOf(ring, edges);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual([...ring, 'n0']);
  });

  it('finds a cycle at the end of a 10,000-node chain', () => {
    const n = 10_000;
    const chain = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges = [...chain.slice(1).map((to, i) => e(chain[i]!, to)), e(`n${n - 1}`, `n${n - 2}`)];
    expect(cyclesOf(chain, edges)).toEqual([[`n${n - 2}`, `n${n - 1}`, `n${n - 2}`]]);
  });
});
