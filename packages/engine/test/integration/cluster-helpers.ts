import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port, timeout: 500 });
    let answer = '';
    socket.once('connect', () => socket.write('ruok'));
    socket.on('data', (d) => (answer += d.toString()));
    socket.once('close', () => resolve(answer === 'imok'));
    socket.once('timeout', () => socket.destroy());
    socket.once('error', () => resolve(false));
  });
}

/**
 * A ZooKeeper of our own (tickTime 500: sessions of 1 to 10 s) on a free port with its own data
 * folder, started like scripts/services.sh starts the shared one. Tests that stop ZooKeeper use
 * this one; `end()` stops it and removes its folder (call it in afterAll).
 */
export class PrivateZookeeper {
  readonly dir = mkdtempSync(join(tmpdir(), 'flow-zk-'));
  private process: ChildProcess | undefined;
  port = 0;

  get hosts(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    writeFileSync(
      join(this.dir, 'zoo.cfg'),
      [
        'tickTime=500',
        `dataDir=${join(this.dir, 'data')}`,
        `clientPort=${this.port}`,
        'clientPortAddress=127.0.0.1',
        'admin.enableServer=false',
        '4lw.commands.whitelist=srvr,ruok',
        '',
      ].join('\n'),
    );
    const child = spawn(
      'java',
      [
        '-Xms32m',
        '-Xmx128m',
        '-cp',
        '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar',
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        join(this.dir, 'zoo.cfg'),
      ],
      { stdio: 'ignore' },
    );
    this.process = child;
    await this.waitReady();
  }

  /** Polls ruok until ZooKeeper answers (start() waits on it). */
  async waitReady(timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    while (!(await ruok(this.port))) {
      if (this.process?.exitCode !== null && this.process?.exitCode !== undefined) {
        throw new Error(`the private ZooKeeper exited with ${this.process.exitCode}`);
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(`the private ZooKeeper did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops it (SIGKILL: no goodbye to the clients) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: its sockets stay open and nothing answers (a hung server, a silent partition). */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  /** SIGCONT after freeze() (harmless otherwise). */
  resume(): void {
    if (this.process && this.process.exitCode === null) this.process.kill('SIGCONT');
  }

  async end(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
