import { describe, expect, it } from 'vitest';
import { candidates, enterElection } from '../../src/cluster/election';
import { CreateMode, ZkCode, ZkError, type ZkSession } from '../../src/cluster/zk';
import { useSharedZookeeper, roles, waitFor, type TestNode } from './cluster-helpers';

const shared = useSharedZookeeper();

const leaderOf = (list: TestNode[]) => list.filter((n) => n.node.role() === 'leader');

describe('leader election over ZooKeeper', () => {
  it('elects one leader, the others stand by, and every node lists every member', async () => {
    const nodes = shared.nodes(3);
    for (const n of nodes) await n.node.start();
    await waitFor(
      'one leader, two standbys',
      () => roles(nodes).sort().join() === 'leader,standby,standby',
    );
    await waitFor('every node lists 3 members', () =>
      nodes.every((n) => n.node.members().length === 3),
    );
    const [leader] = leaderOf(nodes);
    expect(leader!.node.epoch()).toBe(leader!.node.self!.seq);
    for (const n of nodes) {
      expect(n.node.leader()?.id).toBe(leader!.node.self!.id);
      expect(
        n.node
          .members()
          .map((m) => m.name)
          .sort(),
      ).toEqual(['n0', 'n1', 'n2']);
      // Listed in join order: the leader first.
      expect(n.node.members()[0]!.id).toBe(leader!.node.self!.id);
      expect(n.node.leaseValid()).toBe(true);
      expect(n.node.leaseUntil()).toBeGreaterThan(Date.now());
      if (n !== leader) expect(n.node.epoch()).toBeUndefined();
      expect(n.errors).toEqual([]);
    }
    // The member data: what the API shows.
    const self = nodes[1]!.node.self!;
    expect(self).toMatchObject({ name: 'n1', url: 'http://127.0.0.1:9001' });
    expect(self.id.startsWith('n1-')).toBe(true);
  });

  it('hands leadership to the next candidate when the leader leaves, with a higher epoch', async () => {
    const nodes = shared.nodes(2);
    await nodes[0]!.node.start();
    await waitFor('n0 leads', () => nodes[0]!.node.role() === 'leader');
    await nodes[1]!.node.start();
    await waitFor('n1 stands by', () => nodes[1]!.node.role() === 'standby');
    const firstEpoch = nodes[0]!.node.epoch()!;
    await nodes[0]!.node.close();
    expect(nodes[0]!.node.role()).toBe('joining');
    await waitFor('n1 leads', () => nodes[1]!.node.role() === 'leader', 4000);
    expect(nodes[1]!.node.epoch()!).toBeGreaterThan(firstEpoch);
    await waitFor('n1 lists only itself', () => nodes[1]!.node.members().length === 1);
    expect(
      nodes[1]!.events.filter((e) => e.type === 'role').map((e) => e.type === 'role' && e.role),
    ).toEqual(['standby', 'leader']);
  });

  it('watches only its predecessor: the third stays standby when the second goes, and leads when the first goes', async () => {
    const nodes = shared.nodes(3);
    for (const n of nodes) {
      await n.node.start();
      await waitFor(`${n.name} joined`, () => n.node.role() !== 'joining');
    }
    const [first, second, third] = nodes as [TestNode, TestNode, TestNode];
    expect(roles(nodes)).toEqual(['leader', 'standby', 'standby']);
    await second.node.close();
    await waitFor('the third sees 2 members', () => third.node.members().length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect([first.node.role(), third.node.role()]).toEqual(['leader', 'standby']);
    await first.node.close();
    await waitFor('the third leads', () => third.node.role() === 'leader', 4000);
  });

  it('recovers a create whose reply was lost: one znode of ours, not two', async () => {
    const root = shared.newRoot();
    const dir = `${root}/election`;
    await shared.zk.mkdirp(dir);
    const guid = '0f0e0d0c-lost-reply';
    const member = { id: `x-${guid}`, name: 'x', url: 'http://x', joinedAt: 1 };
    // The create happens on the server but its reply never comes back.
    const lossy = Object.create(shared.zk) as ZkSession;
    let creates = 0;
    lossy.create = async (path, data, mode) => {
      creates++;
      await shared.zk.create(path, data, mode);
      throw new ZkError('ZooKeeper create: CONNECTION_LOSS', ZkCode.CONNECTION_LOSS);
    };
    const got = await enterElection(lossy, dir, guid, member);
    expect(creates).toBe(1);
    const mine = candidates(await shared.zk.getChildren(dir)).filter((c) => c.guid === guid);
    expect(mine).toEqual([got]);

    // The same when the znode of our guid is there before the recovery path runs.
    const guid2 = '0f0e0d0c-made-before';
    await shared.zk.create(
      `${dir}/n_${guid2}_`,
      Buffer.from('{}'),
      CreateMode.EPHEMERAL_SEQUENTIAL,
    );
    const again = await enterElection(shared.zk, dir, guid2, member, { recovering: true });
    expect(candidates(await shared.zk.getChildren(dir)).filter((c) => c.guid === guid2)).toEqual([
      again,
    ]);
  });

  it('says which hosts it cannot reach, retrying with a growing pause', async () => {
    const root = shared.newRoot();
    const retries: { message: string; attempt: number; next: number }[] = [];
    const { createClusterNode } = await import('../../src/cluster/node');
    const lonely = createClusterNode({
      hosts: '127.0.0.1:1',
      root,
      sessionTimeoutMs: 2000,
      mode: 'primary',
      name: 'lonely',
      url: 'http://127.0.0.1:1',
      onRetry: (e, attempt, next) => retries.push({ message: e.message, attempt, next }),
    });
    await lonely.start();
    try {
      await waitFor('two failed attempts', () => retries.length >= 2, 10_000);
      expect(lonely.role()).toBe('joining');
      expect(lonely.leaseValid()).toBe(false);
      expect(retries[0]!.message).toContain('127.0.0.1:1');
      expect(retries.slice(0, 2).map((r) => [r.attempt, r.next])).toEqual([
        [1, 1000],
        [2, 2000],
      ]);
      await expect(lonely.announce('x')).rejects.toThrow(/127\.0\.0\.1:1 is not reachable/);
    } finally {
      await lonely.close();
    }
  });
});
