import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { NAME_PATTERN } from '@flow/shared';
import { instance, until } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import { CONNECTIONS_CHANGE } from './coordinator';

const redis = (name: string) => ({
  kind: 'redis' as const,
  name,
  settings: { url: 'redis://127.0.0.1:6379' },
});
const redisNames = (catalog: { connections?: Record<string, readonly string[]> }) =>
  catalog.connections?.redis ?? [];

describe('named connections in a cluster', { timeout: 60_000 }, () => {
  it('reach every instance: a save or delete on one is applied by the other', async () => {
    expect(NAME_PATTERN.test(CONNECTIONS_CHANGE)).toBe(false);
    const zk = new FakeZooKeeper();
    const one = await instance(zk, 'one');
    const two = await instance(zk, 'two', 'primary', [], undefined, one);
    const members = [one.node.self, two.node.self];
    one.node.drive('standby', two.node.self, members);
    two.node.drive('leader', undefined, members);
    await one.app.connections.save(redis('cache'), 'admin');
    // The leader (which runs the DAGs) was told, and reads the store again.
    await until(() => redisNames(two.app.engine.catalog()).includes('cache'), 'two knows "cache"');
    expect(redisNames(one.app.engine.catalog())).toContain('cache');
    // No DAG named "@connections" came of it.
    expect(two.app.engine.has(CONNECTIONS_CHANGE)).toBe(false);
    await one.app.connections.delete('redis', 'cache', 'admin');
    await until(() => !redisNames(two.app.engine.catalog()).includes('cache'), '"cache" gone');
  });

  it('reads them again on joining: a change announced while away is not missed', async () => {
    const zk = new FakeZooKeeper();
    const one = await instance(zk, 'one');
    const two = await instance(zk, 'two', 'primary', [], undefined, one);
    one.node.drive('leader', undefined, [one.node.self]);
    // Two is not in the cluster (its announcement feed is not heard): the store changes meanwhile.
    zk.nodes.delete(two.node);
    await one.app.connections.save(redis('late'), 'admin');
    expect(redisNames(two.app.engine.catalog())).not.toContain('late');
    two.node.drive('standby', one.node.self, [one.node.self, two.node.self]);
    await until(() => redisNames(two.app.engine.catalog()).includes('late'), 'two knows "late"');
  });

  it('refuses a save or delete while joining, with the read-only reason (a 503)', async () => {
    const zk = new FakeZooKeeper();
    const { app } = await instance(zk, 'one');
    const refused = await app.connections.save(redis('cache'), 'admin').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect((refused as TRPCError).message).toMatch(/read-only until it has joined/);
    await expect(app.connections.delete('redis', 'cache', 'admin')).rejects.toThrow(
      /read-only until it has joined/,
    );
    expect((await app.connections.list('admin')).map((c) => c.name)).not.toContain('cache');
  });
});
