import { afterAll, afterEach, beforeAll } from 'vitest';
import { createClusterNode } from '../../src/cluster/node';
import type { ClusterEvent, ClusterMode, ClusterNode } from '../../src/cluster/types';
import { openSession, type ZkSession } from '../../src/cluster/zk';
import { requireService, services, unique } from './services';

export interface TestNode {
  readonly node: ClusterNode;
  readonly name: string;
  readonly events: ClusterEvent[];
  readonly errors: Error[];
}

export interface NodeOptions {
  root: string;
  mode?: ClusterMode;
  hosts?: string;
  sessionTimeoutMs?: number;
  first?: number;
  leaseBuffer?: SharedArrayBuffer;
}

/** Nodes on one root, each with its own session, events and background errors recorded. */
export function makeNodes(count: number, options: NodeOptions): TestNode[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `n${(options.first ?? 0) + i}`;
    const events: ClusterEvent[] = [];
    const errors: Error[] = [];
    const node = createClusterNode({
      hosts: options.hosts ?? services.zookeeper,
      root: options.root,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 4000,
      mode: options.mode ?? 'primary',
      name,
      url: `http://127.0.0.1:${9000 + i}`,
      onError: (e) => errors.push(e),
      leaseBuffer: options.leaseBuffer,
    });
    node.on((e) => events.push(e));
    return { node, name, events, errors };
  });
}

export async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = 10_000,
): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

export const roles = (nodes: readonly TestNode[]) => nodes.map((n) => n.node.role());

export const testRoot = () => `/${unique('flow_test')}`;

/** A plain session for looking at (and cleaning) what the nodes wrote. */
export function inspect(hosts = services.zookeeper): Promise<ZkSession> {
  return openSession({ hosts, sessionTimeoutMs: 4000, signal: new AbortController().signal });
}

/**
 * The shared ZooKeeper of scripts/services.sh for the tests of one file: `useSharedZookeeper()`
 * registers the hooks (the service is required; after each test the nodes made are closed and
 * the root is removed) and gives `zk`, a session for looking at what the nodes wrote.
 */
export interface SharedZookeeper {
  readonly zk: ZkSession;
  /** The root of the current test ('' before newRoot or nodes). */
  readonly root: string;
  /** A fresh root for this test (removed after it). */
  newRoot(): string;
  /** A fresh root and `count` nodes on it (not started); push more onto the array to close them too. */
  nodes(count: number, options?: Omit<NodeOptions, 'root'>): TestNode[];
}

export function useSharedZookeeper(): SharedZookeeper {
  let zk: ZkSession | undefined;
  let root = '';
  let made: TestNode[] = [];
  beforeAll(async () => {
    await requireService('ZooKeeper', `tcp://${services.zookeeper}`);
    zk = await inspect();
  });
  afterEach(async () => {
    await Promise.allSettled(made.map((n) => n.node.close()));
    made = [];
    if (zk && root) await removeTree(zk, root);
    root = '';
  });
  afterAll(async () => {
    await zk?.close();
  });
  const fixture: SharedZookeeper = {
    get zk() {
      if (!zk) throw new Error('the shared ZooKeeper session is open only inside the tests');
      return zk;
    },
    get root() {
      return root;
    },
    newRoot: () => (root = testRoot()),
    nodes(count, options = {}) {
      made = makeNodes(count, { ...options, root: fixture.newRoot() });
      return made;
    },
  };
  return fixture;
}

export async function removeTree(zk: ZkSession, path: string): Promise<void> {
  let children: string[];
  try {
    children = await zk.getChildren(path);
  } catch {
    return;
  }
  for (const child of children) await removeTree(zk, `${path}/${child}`);
  await zk.remove(path);
}
