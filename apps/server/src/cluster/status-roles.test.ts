import { describe, expect, it } from 'vitest';
import { clusterStatusFor, type Role } from '@flow/shared';
import { instance } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import type { Context } from '../trpc/context';
import { serverRouter } from '../trpc/routers/admin.router';

describe('the cluster in server.status, by role', { timeout: 60_000 }, () => {
  it('shows members’ URLs and the ZooKeeper hosts to admins only, and never a URL that is not http(s)', async () => {
    const zk = new FakeZooKeeper();
    const made = await instance(zk, 'one');
    const self = { ...made.node.self, url: 'http://10.0.0.1:8080' };
    made.node.self = self;
    // A member registered by whoever could write ZooKeeper.
    const rogue = { ...self, id: 'x-id', name: 'x', url: 'javascript:alert(document.cookie)' };
    made.node.drive('leader', undefined, [self, rogue]);
    const status = (role: Role) =>
      serverRouter
        .createCaller({
          services: { app: made.app },
          session: { user: { id: '1', username: 'u', role } },
          sameSite: true,
        } as unknown as Context)
        .status();

    const admin = (await status('admin')).cluster;
    expect(admin?.zookeeper).toBe('127.0.0.1:1');
    expect(admin?.members.map((m) => [m.name, m.url])).toEqual([
      ['one', 'http://10.0.0.1:8080'],
      ['x', null],
    ]);
    for (const role of ['viewer', 'analyst'] as const) {
      const seen = (await status(role)).cluster;
      expect(seen).toMatchObject({ mode: 'primary', leader: 'one', zookeeper: null });
      expect(seen?.members.map((m) => [m.name, m.role, m.url])).toEqual([
        ['one', 'leader', null],
        ['x', 'standby', null],
      ]);
    }
  });

  it('leaves the ZooKeeper hosts out of the problem a viewer sees', () => {
    const cluster = {
      mode: 'primary' as const,
      zookeeper: 'zk1:2181,zk2:2181/flow',
      epoch: null,
      leader: null,
      members: [],
      problem: 'ZooKeeper (zk1:2181,zk2:2181/flow) unreachable: connection refused',
    };
    expect(clusterStatusFor(cluster, 'admin')).toBe(cluster);
    expect(clusterStatusFor(cluster, 'viewer').problem).toBe(
      'ZooKeeper (its hosts) unreachable: connection refused',
    );
  });
});
