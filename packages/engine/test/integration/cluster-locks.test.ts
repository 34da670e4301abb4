import { describe, expect, it, vi } from 'vitest';
import { parseChange } from '../../src/cluster/changes';
import { runLockPath } from '../../src/cluster/run-lock';
import type { RunLock } from '../../src/cluster/types';
import { ZkCode, ZkError, ZkSession } from '../../src/cluster/zk';
import { useSharedZookeeper, waitFor, type TestNode } from './cluster-helpers';

const shared = useSharedZookeeper();

async function joined(count: number): Promise<[TestNode, TestNode, ...TestNode[]]> {
  const nodes = shared.nodes(count);
  for (const n of nodes) await n.node.start();
  await waitFor('all joined', () => nodes.every((n) => n.node.role() !== 'joining'));
  return nodes as [TestNode, TestNode, ...TestNode[]];
}

describe('run locks', () => {
  it('lets one node hold a replica at a time and hands it over when released', async () => {
    const [a, b] = await joined(2);
    const dag = 'orders/enrich 1'; // URL-encoded in the znode name
    const first = await a.node.acquireRunLock(dag, 0, AbortSignal.timeout(5000));
    expect(first).toMatchObject({ dag, replica: 0 });
    const path = runLockPath(`${shared.root}/running`, dag, 0);
    expect(path).toBe(`${shared.root}/running/orders%2Fenrich%201~0`);
    const held = await shared.zk.getData(path);
    expect(JSON.parse(held!.data.toString())).toMatchObject({ member: a.node.self!.id });

    let second: RunLock | undefined;
    const waiting = b.node
      .acquireRunLock(dag, 0, AbortSignal.timeout(8000))
      .then((l) => (second = l));
    // Another replica of the same DAG is a different lock.
    const other = await b.node.acquireRunLock(dag, 1, AbortSignal.timeout(5000));
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBeUndefined();

    await first.release();
    await waiting;
    expect(second!.epoch).toBeGreaterThan(first.epoch);
    const now = await shared.zk.getData(path);
    expect(JSON.parse(now!.data.toString())).toMatchObject({ member: b.node.self!.id });
    // Releasing an old grant again does not delete the new holder's lock.
    await first.release();
    expect(await shared.zk.exists(path)).not.toBeNull();
    await other.release();
    await second!.release();
    expect(await shared.zk.exists(path)).toBeNull();
  });

  it('gives a lock of a node that leaves to the node waiting for it', async () => {
    const [a, b] = await joined(2);
    const first = await a.node.acquireRunLock('d', 0, AbortSignal.timeout(5000));
    const waiting = b.node.acquireRunLock('d', 0, AbortSignal.timeout(8000));
    await a.node.close();
    const second = await waiting;
    expect(second.epoch).toBeGreaterThan(first.epoch);
  });

  it('gives its own lock back to the same session (a create whose reply was lost)', async () => {
    const [a] = await joined(2);
    const first = await a.node.acquireRunLock('mine', 0, AbortSignal.timeout(5000));
    const again = await a.node.acquireRunLock('mine', 0, AbortSignal.timeout(5000));
    expect(again.epoch).toBe(first.epoch);
  });

  it('stops waiting when the signal aborts', async () => {
    const [a, b] = await joined(2);
    await a.node.acquireRunLock('busy', 0, AbortSignal.timeout(5000));
    const controller = new AbortController();
    const waiting = b.node.acquireRunLock('busy', 0, controller.signal);
    setTimeout(() => controller.abort(new Error('stopped waiting')), 200);
    await expect(waiting).rejects.toThrow('stopped waiting');
  });
});

describe('announce', () => {
  it('tells every node, the announcer too, of every DAG changed, also of several in a burst', async () => {
    const nodes = await joined(3);
    const [a, b, c] = nodes as [TestNode, TestNode, TestNode];
    const changed = (n: TestNode) =>
      n.events.flatMap((e) => (e.type === 'dag-changed' ? [e.dag] : []));
    await waitFor('the change feeds are read', () =>
      nodes.every((n) => n.node.members().length === 3),
    );
    await a.node.announce('first');
    await waitFor('every node heard of "first"', () =>
      nodes.every((n) => changed(n).includes('first')),
    );
    await Promise.all([b.node.announce('x'), c.node.announce('y'), a.node.announce('z')]);
    // A burst that lands in one go (one multi: the watches fire once, for the last data only),
    // as announcements by other instances can land between a watch firing and its re-read.
    const path = `${shared.root}/changes`;
    const got = await shared.zk.getData(path);
    let recent = [...parseChange(got!.data)!.recent];
    await shared.zk.transaction(path, (tx) => {
      for (const dag of ['b', 'c', 'd']) {
        recent = [...recent, dag];
        tx.setData(path, Buffer.from(JSON.stringify({ dag, by: 'other', at: Date.now(), recent })));
      }
    });
    const all = ['first', 'x', 'y', 'z', 'b', 'c', 'd'];
    await waitFor('every node heard of all 7', () =>
      nodes.every((n) => all.every((d) => changed(n).includes(d))),
    );
    for (const n of nodes) expect(changed(n).filter((d) => d === 'first')).toHaveLength(1);
  });

  it('hears of a change whose read got no reply in time, with no further change to wake it', async () => {
    const nodes = await joined(2);
    const changed = (n: TestNode) =>
      n.events.flatMap((e) => (e.type === 'dag-changed' ? [e.dag] : []));
    await waitFor('the change feeds are read', () =>
      nodes.every((n) => n.node.members().length === 2),
    );
    // The first watched read of the feed after the announcement fails (and sets no watch).
    const path = `${shared.root}/changes`;
    const getData = ZkSession.prototype.getData;
    let failures = 1;
    const spy = vi.spyOn(ZkSession.prototype, 'getData').mockImplementation(function (
      this: ZkSession,
      at,
      watch,
    ) {
      if (at !== path || !watch || failures === 0) return getData.call(this, at, watch);
      failures--;
      return Promise.reject(new ZkError(`no answer to getData ${at}`, ZkCode.TIMEOUT));
    });
    try {
      await nodes[0]!.node.announce('x');
      await waitFor(
        'every node heard of "x"',
        () => nodes.every((n) => changed(n).includes('x')),
        5000,
      );
      expect(failures).toBe(0);
      expect(nodes.flatMap((n) => n.errors.map((e) => e.message))).toEqual([
        `no answer to getData ${path}`,
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
