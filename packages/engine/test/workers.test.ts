import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerDagServer, type Message } from '../src/index';
import { threadExecArgv } from '../src/workers/worker-thread';

const plugins = fileURLToPath(new URL('fixtures/worker-plugins', import.meta.url));

/** mem://queue/IN -> (FaultyCalculator) -> mem://queue/OUT */
function relay(name: string, input: string, output: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...extra,
    subscribers: [{ name: 'in', config: { source: `mem://queue/${input}` } }],
    publishers: [{ name: 'out', config: { destination: `mem://queue/${output}` } }],
    calculators: [{ name: 'faulty', type: 'FaultyCalculator', config: {} }],
    nodes: [
      { name: 'source', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'work', type: 'CalculationNode', config: { calculator: 'faulty' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'source', to: 'work' },
      { from: 'work', to: 'sink' },
    ],
  };
}

function collect(server: WorkerDagServer, queue: string): Message[] {
  const got: Message[] = [];
  server.broker.queue(queue).attach({ paused: false, receive: (m) => void got.push(m) });
  return got;
}

async function until(ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: WorkerDagServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('DAGs in worker threads', () => {
  it('places DAGs on the least-loaded worker and moves messages between them in order', async () => {
    server = new WorkerDagServer({ workers: 2 });
    await server.loadPlugins(plugins);
    await server.add(relay('first', 'w_in', 'w_mid'));
    await server.add(relay('second', 'w_mid', 'w_out'));
    // Started together, they still go to a thread each (threads start as DAGs need them).
    await Promise.all([server.start('first'), server.start('second')]);
    const [a, b] = await server.list();
    expect(a?.worker).not.toBe(b?.worker);
    expect(server.status().workers.map((w) => w.dags)).toEqual([['first'], ['second']]);
    const out = collect(server, 'w_out');
    const input = server.broker.queue('w_in');
    for (let id = 0; id < 20_000; id++) input.push({ id });
    await until(() => out.length >= 20_000);
    expect(out.map((m) => m.id)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    const details = await server.details('second');
    expect(details.worker).toBe(b?.worker);
    expect(details.nodes.find((n) => n.name === 'work')?.computeCount).toBe(20_000);
  });

  it('fails a DAG whose compute runs over compute_timeout_ms, naming the node, the limit and the input; its neighbour loses nothing', async () => {
    server = new WorkerDagServer({ workers: 1 });
    await server.loadPlugins(plugins);
    await server.add(relay('stuck', 's_in', 's_out', { compute_timeout_ms: 300 }));
    await server.add(relay('steady', 'n_in', 'n_out'));
    await server.start('stuck');
    await server.start('steady');
    const out = collect(server, 'n_out');
    let sent = 0;
    const feeder = setInterval(() => server?.broker.queue('n_in').push({ id: sent++ }), 5);
    await until(() => out.length > 20);
    const publishedAt = Date.now();
    server.broker.queue('s_in').push({ id: 'x', spin: true });
    await until(() => server?.state('stuck') === 'failed', 5000);
    expect(Date.now() - publishedAt).toBeLessThan(300 + 1000);
    await until(
      async () =>
        (await server?.list())?.every((d) => d.name !== 'steady' || d.state === 'running') ?? false,
    );
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(feeder);
    await until(() => out.length >= sent);
    expect(new Set(out.map((m) => m.id)).size).toBe(sent);

    const stuck = await server.details('stuck');
    expect(stuck.state).toBe('failed');
    expect(stuck.stateReason).toBe('node "work" ran longer than compute_timeout_ms (300 ms)');
    const error = stuck.nodes.find((n) => n.name === 'work')?.errors.at(-1);
    expect(error?.message).toContain('compute_timeout_ms (300 ms)');
    expect(error?.input).toEqual({ id: 'x', spin: true });
    expect(server.status().dags.failed).toBe(1);
    expect(server.status().workers[0]?.restarts).toBe(1);

    // An admin starts it again: it runs (on a fresh thread) and computes what it is given; the
    // message it was stuck on is not given to it again (it is on the node's error).
    await server.start('stuck');
    expect(server.state('stuck')).toBe('running');
    const again = collect(server, 's_out');
    server.broker.queue('s_in').push({ id: 'y' });
    await until(() => again.length === 1);
    expect(again[0]).toEqual({ id: 'y' });
  });

  it('stops a runaway JSONata expression with compute_timeout_ms: the DAG fails, the error on its node', async () => {
    server = new WorkerDagServer({ workers: 1 });
    const config = relay('slow', 'x_in', 'x_out', { compute_timeout_ms: 300 });
    // About 40 s of work on this machine: only the watchdog ends it.
    config.calculators = [
      {
        name: 'faulty',
        type: 'ExpressionCalculator',
        config: { expression: '$sum([1..10000000].($ * 2))', output_attribute: 'sum' },
      },
    ];
    await server.add(config);
    await server.start('slow');
    server.broker.queue('x_in').push({ id: 'x' });
    await until(() => server?.state('slow') === 'failed', 5000);
    const details = await server.details('slow');
    expect(details.stateReason).toBe('node "work" ran longer than compute_timeout_ms (300 ms)');
    // The error goes onto the node once the DAG is installed on the fresh thread.
    const lastError = async () =>
      (await server?.details('slow'))?.nodes.find((n) => n.name === 'work')?.errors.at(-1);
    await until(async () => (await lastError()) !== undefined, 5000);
    expect(await lastError()).toMatchObject({
      level: 'error',
      message: 'node "work" ran longer than compute_timeout_ms (300 ms)',
      input: { id: 'x' },
    });
  });

  it('skips once, when a failed DAG starts again, the message it was stuck on that its source delivers again', async () => {
    server = new WorkerDagServer({ workers: 1 });
    await server.loadPlugins(plugins);
    const replayed = [{ id: 1 }, { id: 2, spin: true }, { id: 3 }];
    const config = relay('replayed', 'unused', 'r_out', { compute_timeout_ms: 300 });
    config.subscribers = [
      { name: 'in', config: { source: 'custom://replay', options: { messages: replayed } } },
    ] as unknown as typeof config.subscribers;
    await server.add(config);
    const out = collect(server, 'r_out');
    await server.start('replayed');
    await until(() => server?.state('replayed') === 'failed', 5000);
    // What the stuck turn computed never left the thread (its source delivers it again).
    const before = out.length;
    expect(out.map((m) => m.id)).toEqual(before === 0 ? [] : [1]);

    await server.start('replayed');
    await until(() => out.length === before + 2);
    expect(out.slice(before).map((m) => m.id)).toEqual([1, 3]);
    expect(server.state('replayed')).toBe('running');
    const source = (await server.details('replayed')).nodes.find((n) => n.name === 'source');
    expect(source?.errors.at(-1)).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('skipped the message this DAG was stuck on') as unknown,
      input: { id: 2, spin: true },
    });
  });

  it('fails a DAG that exhausts its worker heap; the other DAGs and the host go on', async () => {
    server = new WorkerDagServer({ workers: 1, maxHeapMb: 64 });
    await server.loadPlugins(plugins);
    await server.add(relay('hungry', 'h_in', 'h_out'));
    await server.add(relay('modest', 'm_in', 'm_out'));
    await server.start('hungry');
    await server.start('modest');
    server.broker.queue('h_in').push({ grow: true });
    await until(() => server?.state('hungry') === 'failed', 15_000);
    const hungry = await server.details('hungry');
    expect(hungry.stateReason).toBe(
      `node "work" exhausted its worker's heap (DAG_WORKER_MAX_HEAP_MB 64)`,
    );
    await until(() => server?.state('modest') === 'running');
    const out = collect(server, 'm_out');
    server.broker.queue('m_in').push({ id: 1 });
    await until(() => out.length === 1);
  });

  it('restarts a worker on request; its DAGs run on and queue messages are not lost', async () => {
    server = new WorkerDagServer({ workers: 1 });
    await server.loadPlugins(plugins);
    await server.add(relay('relay', 'r_in', 'r_out'));
    await server.start('relay');
    const out = collect(server, 'r_out');
    const input = server.broker.queue('r_in');
    for (let id = 0; id < 5000; id++) input.push({ id });
    await server.restartWorker(1);
    for (let id = 5000; id < 10_000; id++) input.push({ id });
    await until(() => new Set(out.map((m) => m.id)).size === 10_000, 15_000);
    expect(server.state('relay')).toBe('running');
    expect(server.status().workers[0]?.restarts).toBe(1);
  });

  it('streams the events of DAGs in workers to subscribers', async () => {
    server = new WorkerDagServer({ workers: 1 });
    await server.loadPlugins(plugins);
    await server.add(relay('watched', 'e_in', 'e_out'));
    const seen: string[] = [];
    const unsubscribe = server.subscribe((event) => {
      if (event.type === 'computed') seen.push(`${event.node}:${String(event.output?.id)}`);
      if (event.type === 'state') seen.push(`state:${event.state}`);
    });
    await server.start('watched');
    server.broker.queue('e_in').push({ id: 7 });
    await until(() => seen.includes('sink:7'));
    expect(seen).toContain('state:running');
    expect(seen).toContain('work:7');
    unsubscribe();
  });

  it('refuses a bad config with its problems before anything reaches a worker', async () => {
    server = new WorkerDagServer({ workers: 1 });
    await expect(
      server.add({ ...relay('bad', 'a', 'b'), compute_timeout_ms: 0 }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
    });
    expect(server.has('bad')).toBe(false);
  });
});

describe('worker threads', () => {
  it("start with the server's tsx preload only (TypeScript plugins need it)", () => {
    expect(
      threadExecArgv(['--import', 'tsx', '--expose-gc', '--import=./x.ts', '--require', 'y.cjs']),
    ).toEqual(['--import=tsx']);
  });
});
