import { describe, expect, it } from 'vitest';
import { ownerChanges, place } from '../src/cluster/ownership';
import type { DagPlacement } from '../src/cluster/types';

const dags = (n: number, replicas = 1): DagPlacement[] =>
  Array.from({ length: n }, (_, i) => ({ name: `dag_${String(i).padStart(2, '0')}`, replicas }));

function loads(placement: ReadonlyMap<string, readonly string[]>): Record<string, number> {
  const count: Record<string, number> = {};
  for (const owners of placement.values()) for (const m of owners) count[m] = (count[m] ?? 0) + 1;
  return count;
}

/** How many replicas changed hands (an owner replaced in its place, added or dropped). */
function moves(
  before: ReadonlyMap<string, readonly string[]>,
  after: ReadonlyMap<string, readonly string[]>,
) {
  let n = 0;
  for (const [dag, owners] of after) {
    const was = before.get(dag) ?? [];
    for (let i = 0; i < Math.max(owners.length, was.length); i++) if (owners[i] !== was[i]) n++;
  }
  return n;
}

describe('place (partitioned ownership)', () => {
  it('spreads 12 DAGs over 3 members 4/4/4, one owner each', () => {
    const placed = place(dags(12), ['a', 'b', 'c'], new Map());
    expect(placed.size).toBe(12);
    for (const owners of placed.values()) expect(owners).toHaveLength(1);
    expect(loads(placed)).toEqual({ a: 4, b: 4, c: 4 });
  });

  it('gives the DAGs of a member that left to the others 6/6 and moves no other DAG', () => {
    const before = place(dags(12), ['a', 'b', 'c'], new Map());
    const after = place(dags(12), ['a', 'b'], before);
    expect(loads(after)).toEqual({ a: 6, b: 6 });
    for (const [dag, owners] of before) {
      if (owners[0] !== 'c') expect(after.get(dag)).toEqual(owners);
    }
    expect(moves(before, after)).toBe(4);
  });

  it('rebalances to 4/4/4 with exactly 4 moves when a member comes back', () => {
    const three = place(dags(12), ['a', 'b', 'c'], new Map());
    const two = place(dags(12), ['a', 'b'], three);
    const back = place(dags(12), ['a', 'b', 'c2'], two);
    expect(loads(back)).toEqual({ a: 4, b: 4, c2: 4 });
    expect(moves(two, back)).toBe(4);
    // Only DAGs given to the newcomer moved.
    for (const [dag, owners] of back) if (owners[0] !== 'c2') expect(two.get(dag)).toEqual(owners);
  });

  it('puts the replicas of one DAG on distinct members and counts each in the load', () => {
    const placed = place(
      [...dags(3, 2), { name: 'single', replicas: 1 }],
      ['a', 'b', 'c'],
      new Map(),
    );
    for (const [dag, owners] of placed) {
      expect(owners).toHaveLength(dag === 'single' ? 1 : 2);
      expect(new Set(owners).size).toBe(owners.length);
    }
    const load = Object.values(loads(placed));
    expect(load.reduce((s, n) => s + n, 0)).toBe(7);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
  });

  it('gives a DAG with more replicas than members one replica per member', () => {
    const placed = place([{ name: 'wide', replicas: 5 }], ['a', 'b'], new Map());
    expect([...placed.get('wide')!].sort()).toEqual(['a', 'b']);
    // A third member joins: the DAG grows to it, the first two keep their replica numbers.
    const grown = place([{ name: 'wide', replicas: 5 }], ['a', 'b', 'c'], placed);
    expect(grown.get('wide')!.slice(0, 2)).toEqual(placed.get('wide'));
    expect(grown.get('wide')).toContain('c');
  });

  it('replaces a dead replica in its place so the live one keeps its replica number', () => {
    const current = new Map([['k', ['a', 'b']]]);
    const placed = place([{ name: 'k', replicas: 2 }], ['b', 'c'], current);
    expect(placed.get('k')).toEqual(['c', 'b']);
  });

  it('moves nothing when the placement already holds', () => {
    const first = place(dags(12, 2), ['a', 'b', 'c', 'd', 'e'], new Map());
    const again = place(dags(12, 2), ['a', 'b', 'c', 'd', 'e'], first);
    expect(again).toEqual(first);
    expect(ownerChanges(first, again).size).toBe(0);
  });

  it('drops DAGs no longer placed and reports them as changed to no owner', () => {
    const first = place(dags(3), ['a'], new Map());
    const after = place(dags(2), ['a'], first);
    expect(after.has('dag_02')).toBe(false);
    expect(ownerChanges(first, after)).toEqual(new Map([['dag_02', []]]));
  });

  it('places nothing on no member and places every DAG once members come', () => {
    const none = place(dags(2), [], new Map());
    expect([...none.values()]).toEqual([[], []]);
    expect(loads(place(dags(2), ['a'], none))).toEqual({ a: 2 });
  });
});
