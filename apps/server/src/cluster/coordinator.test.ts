import { TRPCError } from '@trpc/server';
import { describe, expect, it, vi } from 'vitest';
import { dag, instance, opened, until } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import { clusterStatus } from './status';

describe('the server in a cluster (primary mode)', { timeout: 60_000 }, () => {
  it('runs the DAGs on the leader only; the standby keeps them loaded and stopped', async () => {
    const zk = new FakeZooKeeper();
    const leader = await instance(zk, 'one');
    const standby = await instance(zk, 'two');
    // Loaded, and run by nobody before anyone joined.
    expect(leader.app.engine.state('a')).toBe('stopped');
    expect(leader.app.role).toBe('joining');
    const members = [leader.node.self, standby.node.self];
    leader.node.drive('leader', undefined, members);
    standby.node.drive('standby', leader.node.self, members);
    await until(() => leader.app.engine.state('a') === 'running', 'the leader runs a');
    expect(zk.holders.get('a~0')).toBe('one-id');
    expect(standby.app.engine.state('a')).toBe('stopped');
    expect(leader.app.role).toBe('primary');
    expect(standby.app.role).toBe('standby');
    expect(standby.coordinator.runnerOf('a')?.name).toBe('one');
    const list = await standby.app.listDags();
    expect(list.find((d) => d.name === 'a')?.owners).toEqual(['one']);
    // What server.status shows of it, on the standby.
    expect(clusterStatus(standby.app.cluster!)).toMatchObject({
      mode: 'primary',
      zookeeper: '127.0.0.1:1',
      leader: 'one',
      problem: null,
      members: [
        { name: 'one', role: 'leader' },
        { name: 'two', role: 'standby' },
      ],
    });
    // The engine's lease follows the node's (the fake's: unbounded while joined).
    expect(new Float64Array(leader.coordinator.lease)[0]).toBe(Number.POSITIVE_INFINITY);
  });

  it('suspends at once when the role goes to joining, then stops and lets the lock go', async () => {
    const zk = new FakeZooKeeper();
    const { app, node } = await instance(zk, 'one');
    node.drive('leader');
    await until(() => app.engine.state('a') === 'running', 'a runs');
    const suspend = vi.spyOn(app.engine, 'suspend');
    node.drive('joining');
    // In the same turn as the event: nothing more is processed from here.
    expect(suspend).toHaveBeenCalledWith('a');
    await until(() => app.engine.state('a') === 'stopped' && !zk.holders.has('a~0'), 'a stopped');
    expect(app.role).toBe('joining');
    expect(new Float64Array(opened[0]!.coordinator.lease)[0]).toBe(0);
  });

  it('stops what it runs when the lease lapses without any event', async () => {
    const zk = new FakeZooKeeper();
    const { app, node } = await instance(zk, 'one');
    node.drive('leader');
    await until(() => app.engine.state('a') === 'running', 'a runs');
    node.lapse();
    await until(() => app.engine.state('a') === 'stopped' && !zk.holders.has('a~0'), 'a stopped');
    expect(app.role).toBe('joining');
  });

  it('runs nothing on the locks it is letting go when it rejoins while stepping down', async () => {
    const zk = new FakeZooKeeper();
    const { app, node, coordinator } = await instance(zk, 'one');
    node.drive('leader');
    await until(() => app.engine.state('a') === 'running', 'a runs');
    const stateAtRelease: string[] = [];
    node.onRelease = (name) => stateAtRelease.push(app.engine.state(name));
    const stop = app.engine.stop.bind(app.engine);
    let rejoined = false;
    vi.spyOn(app.engine, 'stop').mockImplementation(async (name) => {
      await stop(name);
      if (rejoined) return;
      // Back in the cluster before the step-down has let its locks go: a matched again meanwhile.
      rejoined = true;
      node.drive('leader');
      await coordinator.reconcileAll();
    });
    node.lapse();
    await until(() => stateAtRelease.length > 0, 'the old lock released');
    expect(stateAtRelease).toEqual(['stopped']);
    // Then run again, under a lock of its own.
    await until(
      () => app.engine.state('a') === 'running' && zk.holders.get('a~0') === 'one-id',
      'a runs again under a new lock',
    );
    expect(zk.log).toEqual(['one acquire a~0', 'one release a~0', 'one acquire a~0']);
  });

  it('makes the engine copy match a change announced by another instance', async () => {
    const zk = new FakeZooKeeper();
    const { app, node } = await instance(zk, 'two', 'primary', []);
    const v1 = await app.dags.save(dag('b'), 'test');
    node.drive('standby', { ...node.self, id: 'one-id', name: 'one' });
    // Another instance saved a new DAG (the same store): the copy appears, stopped.
    node.emit({ type: 'dag-changed', dag: 'b' });
    await until(() => app.engine.has('b'), 'b loaded');
    expect(app.deployments.heldVersion('b')).toBe(v1);
    const v2 = await app.dags.save(dag('b', 'elsewhere'), 'test');
    node.emit({ type: 'dag-changed', dag: 'b' });
    await until(() => app.deployments.heldVersion('b') === v2, 'b at the new version');
    const details = await app.engine.details('b');
    expect(JSON.stringify(details.config)).toContain('mem://queue/elsewhere');
    expect(app.engine.state('b')).toBe('stopped');
    await app.dags.delete('b');
    node.emit({ type: 'dag-changed', dag: 'b' });
    await until(() => !app.engine.has('b'), 'b deleted');
  });

  it('stops and lets the lock go when a DAG is stopped through another instance', async () => {
    const zk = new FakeZooKeeper();
    const { app, node } = await instance(zk, 'one');
    node.drive('leader');
    await until(() => app.engine.state('a') === 'running', 'a runs');
    await app.dags.setDesiredState('a', 'stopped');
    node.emit({ type: 'dag-changed', dag: 'a' });
    await until(() => app.engine.state('a') === 'stopped' && !zk.holders.has('a~0'), 'a stopped');
  });

  it('serves read-only while joining: changes are refused with why, validation still works', async () => {
    const zk = new FakeZooKeeper();
    const { app } = await instance(zk, 'one');
    const refused = await app.saveDag(dag('c'), 'admin', undefined, 'admin').catch((e) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect((refused as TRPCError).message).toMatch(
      /not in the cluster \(it has not reached ZooKeeper \(127\.0\.0\.1:1\) yet\): it serves read-only until it has joined/,
    );
    for (const change of [
      () => app.setState('a', 'stop', 'admin'),
      () => app.startDag('a', undefined, 'admin'),
      () => app.deleteDag('a', 'admin'),
      () => app.cloneDag('a', 'a2', undefined, 'admin'),
    ])
      await expect(change()).rejects.toThrow(/read-only until it has joined/);
    expect((await app.validateDag(dag('c'), 'admin')).ok).toBe(true);
    expect(await app.dags.exists('c')).toBe(false);
  });
});

/** Two replicas; no subscriber (only Kafka ones may be shared out): messages are published in. */
const replicated = {
  replicas: 2,
  publishers: [{ name: 'out', config: { destination: 'mem://queue/r_out' } }],
  calculators: [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'calc', to: 'sink' }],
};

describe('the server in a cluster (partitioned mode)', { timeout: 60_000 }, () => {
  it('stops a DAG whose ownership moved before it lets its run lock go', async () => {
    const zk = new FakeZooKeeper();
    const { app, node } = await instance(zk, 'one', 'partitioned');
    const other = { ...node.self, id: 'two-id', name: 'two' };
    node.drive('leader', undefined, [node.self, other]);
    await until(() => node.placements.length > 0, 'placements handed to ZooKeeper');
    expect(node.placements.at(-1)).toEqual([{ name: 'a', replicas: 1 }]);
    node.setOwners({ a: ['one-id'] });
    await until(() => app.engine.state('a') === 'running', 'a runs on its owner');
    expect(app.role).toBe('primary');
    const stateAtRelease: string[] = [];
    node.onRelease = (name) => stateAtRelease.push(app.engine.state(name));
    node.setOwners({ a: ['two-id'] });
    await until(() => !zk.holders.has('a~0'), 'lock released');
    expect(stateAtRelease).toEqual(['stopped']);
    expect(zk.log).toEqual(['one acquire a~0', 'one release a~0']);
    expect((await app.listDags()).find((d) => d.name === 'a')?.owners).toEqual(['two']);
  });

  it('fences the state writes of each replica by its own run lock', async () => {
    const zk = new FakeZooKeeper();
    const one = await instance(zk, 'one', 'partitioned', []);
    const two = await instance(zk, 'two', 'partitioned', [], undefined, one);
    const version = await one.app.dags.save({ ...replicated, name: 'r' }, 'test');
    await one.app.dags.setDeployed('r', version, 'running');
    const members = [one.node.self, two.node.self];
    one.node.drive('leader', undefined, members);
    two.node.drive('standby', one.node.self, members);
    for (const { node } of [one, two]) node.setOwners({ r: ['one-id', 'two-id'] });
    await until(
      () => one.app.engine.state('r') === 'running' && two.app.engine.state('r') === 'running',
      'both replicas run',
    );
    expect([...zk.holders]).toEqual(
      expect.arrayContaining([
        ['r~0', 'one-id'],
        ['r~1', 'two-id'],
      ]),
    );
    expect(one.coordinator.fenceOf('r')?.scope).toBe('r');
    expect(two.coordinator.fenceOf('r')?.scope).toBe('r~1');
    // Each replica's runner may write the DAG's state (a "failed -> stopped"), whichever of the
    // two locks is the newer.
    const write = async () => 'written';
    expect(await one.app.cluster!.fenced('r', write)).toBe(true);
    expect(await two.app.cluster!.fenced('r', write)).toBe(true);
    // Replica 1 taken over by a newer lock while two was frozen: two's writes are refused, the
    // runner of replica 0 writes on.
    await one.app.fences.claim('r~1', two.coordinator.fenceOf('r')!.epoch + 100);
    expect(await two.app.cluster!.fenced('r', write)).toBe(false);
    expect(await one.app.cluster!.fenced('r', write)).toBe(true);
  });
});
