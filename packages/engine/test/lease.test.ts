import { afterEach, describe, expect, it } from 'vitest';
import {
  collect,
  DagServer,
  FENCED_MESSAGE,
  newLeaseBuffer,
  WorkerDagServer,
  type DagEngine,
  type Message,
  type NodeDetails,
} from '../src/index';

/** mem://queue/IN -> source -> publication -> mem://queue/OUT */
function relay(name: string, input: string, output: string) {
  return {
    name,
    subscribers: [{ name: 'in', config: { source: `mem://queue/${input}` } }],
    publishers: [{ name: 'out', config: { destination: `mem://queue/${output}` } }],
    nodes: [
      { name: 'source', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [{ from: 'source', to: 'sink' }],
  };
}

/** A MetronomeNode ticking every 20 ms into mem://queue/OUT. */
function ticker(name: string, output: string) {
  return {
    name,
    publishers: [{ name: 'out', config: { destination: `mem://queue/${output}` } }],
    nodes: [
      { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 20 } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [{ from: 'tick', to: 'sink' }],
  };
}

async function until(ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function node(engine: DagEngine, dag: string, name: string): Promise<NodeDetails> {
  const details = await engine.details(dag);
  const found = details.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

const fencedOf = async (engine: DagEngine, dag: string, name = 'source') =>
  (await node(engine, dag, name)).queue?.fenced ?? 0;

/**
 * What both engines must do: with the lease lapsed, messages put on the source's queue (and a
 * test message injected) are counted as fenced and never published; once the server writes a
 * new validUntil, the next ones are.
 */
async function fencesAndResumes(engine: DagEngine, lease: SharedArrayBuffer): Promise<void> {
  const validUntil = new Float64Array(lease);
  await engine.add(relay('orders', 'l_in', 'l_out'));
  await engine.start('orders');
  const out: Message[] = collect(engine.broker, 'mem://queue/l_out').messages;
  const input = engine.broker.queue('l_in');

  input.push({ id: 1 });
  await until(() => out.length === 1);

  validUntil[0] = Date.now() - 1;
  for (let id = 2; id <= 4; id++) input.push({ id });
  await engine.inject('orders', 'source', { id: 5 });
  await until(async () => (await fencedOf(engine, 'orders')) === 4);
  const source = await node(engine, 'orders', 'source');
  expect(source.errors.map((e) => e.message)).toEqual([FENCED_MESSAGE]);
  expect(await engine.state('orders')).toBe('running');
  expect(out.map((m) => m.id)).toEqual([1]);

  validUntil[0] = Date.now() + 60_000;
  input.push({ id: 6 });
  await until(() => out.length === 2);
  expect(out.map((m) => m.id)).toEqual([1, 6]);
  expect(await fencedOf(engine, 'orders')).toBe(4);
}

let engine: DagEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('the run lease in one thread (DagServer)', () => {
  it('processes nothing past validUntil and goes on once it is renewed', async () => {
    const server = new DagServer();
    engine = server;
    const lease = newLeaseBuffer(Date.now() + 60_000);
    server.setLease(lease);
    await fencesAndResumes(server, lease);
  });

  it('fences metronome ticks too', async () => {
    const server = new DagServer();
    engine = server;
    const lease = newLeaseBuffer(Date.now() - 1);
    server.setLease(lease);
    server.add(ticker('beat', 'b_out'));
    const out = collect(server.broker, 'mem://queue/b_out').messages;
    await server.start('beat');
    await until(async () => (await fencedOf(server, 'beat', 'tick')) >= 3);
    expect(out).toEqual([]);
    new Float64Array(lease)[0] = Infinity;
    await until(() => out.length >= 2);
  });

  it('runs as before without a lease, and with the lease taken away again', async () => {
    const server = new DagServer();
    engine = server;
    server.setLease(newLeaseBuffer(Date.now() - 1));
    server.setLease(undefined);
    server.add(relay('plain', 'p_in', 'p_out'));
    await server.start('plain');
    const out = collect(server.broker, 'mem://queue/p_out').messages;
    server.broker.queue('p_in').push({ id: 1 });
    await until(() => out.length === 1);
    expect(await fencedOf(server, 'plain')).toBe(0);
  });

  it('refuses a buffer too small to hold validUntil', () => {
    const server = new DagServer();
    expect(() => server.setLease(new SharedArrayBuffer(4))).toThrow(/one Float64 \(8 bytes\)/);
  });
});

describe('the run lease in worker threads (WorkerDagServer)', () => {
  it('reaches a worker started after setLease, and processes nothing past validUntil', async () => {
    const server = new WorkerDagServer({ workers: 1 });
    engine = server;
    const lease = newLeaseBuffer(Date.now() + 60_000);
    await server.setLease(lease); // no worker yet: the first starts with the DAG below
    await fencesAndResumes(server, lease);
  });

  it('reaches running workers and the thread that replaces a restarted one', async () => {
    const server = new WorkerDagServer({ workers: 1 });
    engine = server;
    await server.add(relay('moved', 'm_in', 'm_out'));
    await server.start('moved');
    const out = collect(server.broker, 'mem://queue/m_out').messages;
    const lease = newLeaseBuffer(Date.now() - 1);
    await server.setLease(lease);
    server.broker.queue('m_in').push({ id: 1 });
    await until(async () => (await fencedOf(server, 'moved')) === 1);

    await server.restartWorker(1);
    await until(() => server.state('moved') === 'running');
    // The new thread: message 1, never acknowledged, comes back to it and is fenced again.
    server.broker.queue('m_in').push({ id: 2 });
    await until(async () => (await fencedOf(server, 'moved')) === 2);
    expect(out).toEqual([]);
    new Float64Array(lease)[0] = Infinity;
    server.broker.queue('m_in').push({ id: 3 });
    await until(() => out.length === 1);
    expect(out.map((m) => m.id)).toEqual([3]);
  });
});
