import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leaseValidUntil, newLeaseBuffer } from '../../src/runtime/lease';
import { makeNodes, roles, testRoot, waitFor, type TestNode } from './cluster-helpers';
import { PrivateZooKeeper } from './private-zookeeper';

/**
 * Faults of ZooKeeper itself, on a private ZooKeeper (tickTime 500) that this file starts,
 * stops, freezes and ends: the shared one is never touched.
 */
const SESSION_MS = 4000;
let zookeeper: PrivateZooKeeper;
let nodes: TestNode[] = [];
let watcher: ReturnType<typeof setInterval> | undefined;
let mostLeaders = 0;

/** Samples the roles every 20 ms: the most leaders ever seen at once. */
function watchLeaders(): void {
  mostLeaders = 0;
  watcher = setInterval(() => {
    mostLeaders = Math.max(mostLeaders, roles(nodes).filter((r) => r === 'leader').length);
  }, 20);
}

beforeAll(async () => {
  zookeeper = await PrivateZooKeeper.start();
}, 30_000);
afterEach(async ({ task }) => {
  clearInterval(watcher);
  // A failure says what each node went through: its roles in order and its background errors.
  if (task.result?.state === 'fail') for (const n of nodes) console.log(story(n));
  zookeeper?.resume();
  await Promise.allSettled(nodes.map((n) => n.node.close()));
  nodes = [];
});
afterAll(async () => {
  await zookeeper?.close();
});

function story(n: TestNode): string {
  const roleList = n.events.flatMap((e) => (e.type === 'role' ? [e.role] : []));
  const errors = n.errors.map((e) => `  ${e.message}`);
  return [`${n.name}: now ${n.node.role()}; roles ${roleList.join(' > ')}`, ...errors].join('\n');
}

/** Waits until `leader` is joining, within the session timeout, its lease over. */
async function stepsDown(leader: TestNode): Promise<void> {
  const down = await waitFor(
    'the leader is joining',
    () => leader.node.role() === 'joining',
    SESSION_MS,
  );
  // The lease holds 2/3 of the session timeout from the start of the last round trip.
  expect(down).toBeLessThan(SESSION_MS);
  expect(leader.node.leaseValid()).toBe(false);
}

async function twoNodes(): Promise<[TestNode, TestNode]> {
  nodes = makeNodes(2, { root: testRoot(), hosts: zookeeper.hosts, sessionTimeoutMs: SESSION_MS });
  await nodes[0]!.node.start();
  await waitFor('n0 leads', () => nodes[0]!.node.role() === 'leader', 10_000);
  await nodes[1]!.node.start();
  await waitFor('n1 stands by', () => nodes[1]!.node.role() === 'standby', 10_000);
  watchLeaders();
  return nodes as [TestNode, TestNode];
}

describe('ZooKeeper faults (private ZooKeeper)', () => {
  it('steps down within the session timeout when ZooKeeper stops, and has exactly one leader once it is back', async () => {
    const [leader] = await twoNodes();
    await zookeeper.stop('SIGKILL');
    await stepsDown(leader);
    expect(leader.node.leaseUntil()).toBe(0);
    await waitFor('both joining', () => roles(nodes).every((r) => r === 'joining'), SESSION_MS);

    await zookeeper.start();
    await waitFor(
      'one leader, one standby',
      () => roles(nodes).sort().join() === 'leader,standby',
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(roles(nodes).sort()).toEqual(['leader', 'standby']);
    expect(mostLeaders).toBe(1);
  }, 45_000);

  it('steps down on its lease when ZooKeeper stops answering on an open connection (frozen), then rejoins', async () => {
    const [leader, standby] = await twoNodes();
    const epoch = leader.node.epoch()!;
    zookeeper.freeze(); // SIGSTOP: the sockets stay open, nothing answers, the client says "connected"
    await stepsDown(leader);
    // Past the session timeout the node gives the silent session up and opens a new one.
    await new Promise((r) => setTimeout(r, SESSION_MS + 500));
    zookeeper.resume();
    await waitFor(
      'one leader, one standby',
      () => roles(nodes).sort().join() === 'leader,standby',
      25_000,
    );
    expect(mostLeaders).toBe(1);
    // Both rejoined as new candidates: the leader's term is a new one.
    const now = nodes.find((n) => n.node.role() === 'leader')!;
    expect(now.node.epoch()!).toBeGreaterThan(epoch);
    expect(standby.node.members()).toHaveLength(2);
    expect(leader.errors.some((e) => /no answer for the session timeout/.test(e.message))).toBe(
      true,
    );
  }, 45_000);

  it('a node frozen past its session (SIGSTOP-like) runs nothing from the moment it resumes, and rejoins', async () => {
    const buffer = newLeaseBuffer(0);
    nodes = makeNodes(1, {
      root: testRoot(),
      hosts: zookeeper.hosts,
      sessionTimeoutMs: SESSION_MS,
      leaseBuffer: buffer,
    });
    const [only] = nodes as [TestNode];
    await only.node.start();
    await waitFor('leads', () => only.node.role() === 'leader', 10_000);
    const epoch = only.node.epoch()!;
    expect(leaseValidUntil(buffer)).toBeGreaterThan(Date.now());
    // Block the event loop past the session timeout: no timer, no socket, no reply is handled.
    const until = Date.now() + SESSION_MS + 1000;
    while (Date.now() < until) {
      // frozen
    }
    // Before any timer or reply runs: the lease the engine's sources read is over.
    expect(leaseValidUntil(buffer)).toBeLessThan(Date.now());
    expect(only.node.leaseValid()).toBe(false);
    const roleEvents = () => only.events.flatMap((e) => (e.type === 'role' ? [e.role] : []));
    const before = roleEvents().length;
    // Its first word after the resume: it steps down (it may be back soon after, in a new term).
    await waitFor('a role event', () => roleEvents().length > before, 1000);
    expect(roleEvents()[before]).toBe('joining');
    // ZooKeeper expired the session meanwhile: the node joins again as a new candidate.
    await waitFor('leads again', () => only.node.role() === 'leader', 20_000);
    expect(only.node.epoch()!).toBeGreaterThan(epoch);
  }, 45_000);
});
