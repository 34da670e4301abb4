import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClusterNode, FakeZooKeeper } from '../../test/fake-cluster-node';
import { FlowApp } from '../app';
import { readSettings } from '../config/env';
import type { Coordinator } from './coordinator';
import { clusterOf } from './setup';

const dag = (name: string, out = `${name}_out`) => ({
  name,
  subscribers: [{ name: 'in', config: { source: `mem://queue/${name}_in` } }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${out}` } }],
  calculators: [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
});

interface Instance {
  readonly app: FlowApp;
  readonly node: FakeClusterNode;
  readonly coordinator: Coordinator;
}

const opened: Instance[] = [];

/** A server in a cluster over a FakeClusterNode, DAGs in its own thread, its own PGlite. */
async function instance(
  zk: FakeZooKeeper,
  name: string,
  mode: 'primary' | 'partitioned' = 'primary',
  running: string[] = ['a'],
): Promise<Instance> {
  const base = readSettings(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flow-cluster-')),
      DAG_WORKERS: '0',
      ADMIN_PASSWORD: 'admin-password-for-tests',
    },
    () => '{}',
  );
  const settings = { ...base, ZOOKEEPER_HOSTS: '127.0.0.1:1', CLUSTER_MODE: mode };
  const app = await FlowApp.open(settings, pino({ level: 'silent' }));
  for (const dagName of running) {
    const version = await app.dags.save(dag(dagName), 'test');
    await app.dags.setDeployed(dagName, version, 'running');
  }
  const node = new FakeClusterNode(zk, name);
  const coordinator = await clusterOf(app, () => node);
  await coordinator.start();
  // Not joined yet: every DAG loaded, none run.
  await coordinator.reconcileAll();
  const made = { app, node, coordinator };
  opened.push(made);
  return made;
}

afterEach(async () => {
  for (const { app, coordinator } of opened.splice(0)) {
    await coordinator.close();
    await app.close();
  }
});

/** Waits (at most 5 s) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  const holds = async () => {
    try {
      return await check();
    } catch {
      return false;
    }
  };
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
});
