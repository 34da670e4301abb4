import { describe, expect, it } from 'vitest';
import { readOwners } from '../../src/cluster/owners';
import type { DagPlacement } from '../../src/cluster/types';
import { makeNodes, useSharedZookeeper, waitFor, type TestNode } from './cluster-helpers';

const shared = useSharedZookeeper();

const twelve: DagPlacement[] = Array.from({ length: 12 }, (_, i) => ({
  name: `dag ${i}`,
  replicas: 1,
}));

/** How many DAGs each member id owns, as a node sees it. */
function loads(node: TestNode): Map<string, number> {
  const count = new Map<string, number>();
  for (const owners of node.node.owners().values()) {
    for (const id of owners) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return count;
}

const sortedLoads = (node: TestNode) => [...loads(node).values()].sort((a, b) => a - b).join('/');

describe('partitioned mode', () => {
  it('spreads 12 DAGs 4/4/4 over 3 nodes; when one leaves, its DAGs go 6/6 to the others and no other DAG moves', async () => {
    const nodes = shared.nodes(3, { mode: 'partitioned' });
    for (const n of nodes) await n.node.start();
    await waitFor('all joined', () =>
      nodes.every((n) => n.node.members().length === 3 && n.node.role() !== 'joining'),
    );
    // Every node is told the DAGs (only the leader acts on it).
    for (const n of nodes) await n.node.setPlacements(twelve);
    await waitFor('every node sees 4/4/4', () => nodes.every((n) => sortedLoads(n) === '4/4/4'));
    const ids = new Set(nodes.map((n) => n.node.self!.id));
    for (const id of loads(nodes[0]!).keys()) expect(ids.has(id)).toBe(true);
    // What the leader wrote: owners and its epoch.
    const leader = nodes.find((n) => n.node.role() === 'leader')!;
    const written = await shared.zk.getData(`${shared.root}/owners/${encodeURIComponent('dag 0')}`);
    expect(JSON.parse(written!.data.toString())).toMatchObject({ epoch: leader.node.epoch() });

    // A node that is not the leader leaves.
    const leaving = nodes.find((n) => n !== leader)!;
    const rest = nodes.filter((n) => n !== leaving);
    const before = new Map(rest[0]!.node.owners());
    const leavingId = leaving.node.self!.id;
    const eventsBefore = rest[0]!.events.length;
    await leaving.node.close();
    const took = await waitFor(
      'the others see 6/6',
      () => rest.every((n) => sortedLoads(n) === '6/6'),
      4000,
    );
    expect(took).toBeLessThan(4000);
    const after = rest[0]!.node.owners();
    for (const [dag, owners] of before) {
      if (owners[0] !== leavingId) expect(after.get(dag)).toEqual(owners);
    }
    // The others were told which DAGs changed owner: exactly the 4 of the one that left.
    const told = new Set(
      rest[0]!.events
        .slice(eventsBefore)
        .flatMap((e) => (e.type === 'owners' ? [...e.owners.keys()] : [])),
    );
    expect([...told].sort()).toEqual(
      [...before]
        .filter(([, owners]) => owners[0] === leavingId)
        .map(([dag]) => dag)
        .sort(),
    );
  });

  it('a new leader starts from the owners written; a node that joins takes exactly the DAGs that must move', async () => {
    const nodes = shared.nodes(3, { mode: 'partitioned' });
    for (const n of nodes) await n.node.start();
    await waitFor('all joined', () =>
      nodes.every((n) => n.node.members().length === 3 && n.node.role() !== 'joining'),
    );
    for (const n of nodes) await n.node.setPlacements(twelve);
    await waitFor('4/4/4', () => nodes.every((n) => sortedLoads(n) === '4/4/4'));
    const leader = nodes.find((n) => n.node.role() === 'leader')!;
    const rest = nodes.filter((n) => n !== leader);
    const before = new Map(rest[0]!.node.owners());
    const leaderId = leader.node.self!.id;
    await leader.node.close();
    await waitFor(
      '6/6 under the new leader',
      () => rest.every((n) => sortedLoads(n) === '6/6'),
      4000,
    );
    const six = new Map(rest[0]!.node.owners());
    for (const [dag, owners] of before)
      if (owners[0] !== leaderId) expect(six.get(dag)).toEqual(owners);

    const [joiner] = makeNodes(1, { root: shared.root, mode: 'partitioned', first: 3 });
    nodes.push(joiner!);
    await joiner!.node.start();
    await joiner!.node.setPlacements(twelve);
    await waitFor(
      '4/4/4 again',
      () => [...rest, joiner!].every((n) => sortedLoads(n) === '4/4/4'),
      4000,
    );
    const moved = [...six].filter(
      ([dag, owners]) => joiner!.node.owners().get(dag)?.[0] !== owners[0],
    );
    expect(moved).toHaveLength(4);
  });

  it('places replicas on distinct nodes, re-places on setPlacements and removes DAGs no longer placed', async () => {
    const nodes = shared.nodes(2, { mode: 'partitioned' });
    for (const n of nodes) await n.node.start();
    await waitFor('both joined', () =>
      nodes.every((n) => n.node.members().length === 2 && n.node.role() !== 'joining'),
    );
    for (const n of nodes)
      await n.node.setPlacements([
        { name: 'fed', replicas: 2 },
        { name: 'solo', replicas: 1 },
      ]);
    await waitFor('fed on both', () =>
      nodes.every((n) => new Set(n.node.owners().get('fed')).size === 2),
    );
    for (const n of nodes) await n.node.setPlacements([{ name: 'fed', replicas: 2 }]);
    await waitFor('solo gone', () => nodes.every((n) => !n.node.owners().has('solo')));
    expect([...(await readOwners(shared.zk, `${shared.root}/owners`)).keys()]).toEqual(['fed']);
    const removed = nodes[0]!.events.find(
      (e) => e.type === 'owners' && e.owners.get('solo')?.length === 0,
    );
    expect(removed).toBeDefined();
  });

  it('writes no owners in primary mode', async () => {
    const nodes = shared.nodes(1, { mode: 'primary' });
    await nodes[0]!.node.start();
    await waitFor('leads', () => nodes[0]!.node.role() === 'leader');
    await nodes[0]!.node.setPlacements(twelve);
    await new Promise((r) => setTimeout(r, 400));
    expect((await readOwners(shared.zk, `${shared.root}/owners`)).size).toBe(0);
    expect(nodes[0]!.node.owners().size).toBe(0);
  });
});
