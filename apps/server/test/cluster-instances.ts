import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { FlowApp } from '../src/app';
import type { Coordinator } from '../src/cluster/coordinator';
import { clusterOf } from '../src/cluster/setup';
import { readSettings } from '../src/config/env';
import { FakeClusterNode, type FakeZooKeeper } from './fake-cluster-node';
import { ADMIN_PASSWORD, linearDag } from './integration/harness';

// Servers in a cluster over FakeClusterNodes, for the cluster's unit tests.
/** A DAG from mem://queue/<name>_in to mem://queue/<out>. */
export const dag = (name: string, out = `${name}_out`) => linearDag(name, `${name}_in`, out);

export interface Instance {
  readonly app: FlowApp;
  readonly node: FakeClusterNode;
  readonly coordinator: Coordinator;
}

export const opened: Instance[] = [];

/** A server in a cluster over a FakeClusterNode, DAGs in its own thread, its own PGlite. */
export async function instance(
  zk: FakeZooKeeper,
  name: string,
  mode: 'primary' | 'partitioned' = 'primary',
  running: string[] = ['a'],
  secret?: string,
  /** Its store is this instance's (the one PostgreSQL of a real cluster): closed by that one. */
  sharesStoreOf?: Instance,
): Promise<Instance> {
  const base = readSettings(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flow-cluster-')),
      DAG_WORKERS: '0',
      ADMIN_PASSWORD,
    },
    () => '{}',
  );
  const settings = { ...base, ZOOKEEPER_HOSTS: '127.0.0.1:1', CLUSTER_MODE: mode };
  const shared = sharesStoreOf && { ...sharesStoreOf.app.db, close: async () => {} };
  const app = await FlowApp.open(settings, pino({ level: 'silent' }), shared);
  for (const dagName of running) {
    const version = await app.dags.save(dag(dagName), 'test');
    await app.dags.setDeployed(dagName, version, 'running');
  }
  // The instances of a real cluster share one PostgreSQL, hence one secret.
  if (secret)
    await app.db.query('INSERT INTO cluster_secret (id, secret) VALUES (1, $1)', [secret]);
  const node = new FakeClusterNode(zk, name);
  const coordinator = await clusterOf(app, () => node);
  await coordinator.start();
  // Not joined yet: every DAG loaded, none run.
  await coordinator.reconcileAll();
  const made = { app, node, coordinator };
  // One sharing another's store is closed before that one closes the store.
  if (sharesStoreOf) opened.unshift(made);
  else opened.push(made);
  return made;
}

afterEach(async () => {
  for (const { app, coordinator } of opened.splice(0)) {
    await coordinator.close();
    await app.close();
  }
});

/** Waits (at most 5 s) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
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
