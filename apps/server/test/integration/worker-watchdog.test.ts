import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from './harness';
import { startServerProcess, type ServerProcess } from './server-process';

/**
 * The proofs against the real server process: a compute that never ends, or that eats
 * its heap, fails its DAG and takes its worker thread down, while the server's own event loop
 * (here: /healthz) stays free and the other DAG on the same worker (DAG_WORKERS=1) goes on, on
 * the new thread, losing nothing.
 */

const PASSWORD = 'watchdog-password';

/** Calculators that never end (`spin: true`) or keep allocating (`grow: true`). */
const PLUGINS: Record<string, string> = {
  'spinner.mjs': `export default ({ z }) => ({
  kind: 'calculator',
  type: 'SpinCalculator',
  description: 'Loops forever on an input with spin: true.',
  configSchema: z.strictObject({}),
  create: () => ({
    compute: (input) => {
      if (input.spin === true) for (;;) {}
      return input;
    },
  }),
});
`,
  'grower.mjs': `const kept = [];
export default ({ z }) => ({
  kind: 'calculator',
  type: 'GrowCalculator',
  description: 'Allocates without bound (and keeps it all) on an input with grow: true.',
  configSchema: z.strictObject({}),
  create: () => ({
    compute: (input) => {
      if (input.grow === true) for (;;) kept.push(new Array(64 * 1024).fill(kept.length));
      return input;
    },
  }),
});
`,
};

/** src -> calc (a plugin) -> sink, from a mem:// queue (or topic) to a file in the DAG folder. */
function pluginDag(
  name: string,
  calculator: string,
  computeTimeoutMs: number,
  source: 'queue' | 'topic' = 'queue',
) {
  return {
    name,
    compute_timeout_ms: computeTimeoutMs,
    subscribers: [{ name: 'in', config: { source: `mem://${source}/${name}_in` } }],
    publishers: [{ name: 'out', config: { destination: `file:${name}_out.jsonl` } }],
    calculators: [{ name: 'work', type: calculator, config: {} }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'calc', type: 'CalculationNode', config: { calculator: 'work' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'calc' },
      { from: 'calc', to: 'sink' },
    ],
  };
}

/**
 * "steady" reads a file the test appends `{ id }` lines to, and writes them to another file.
 * Why a file source: the test cannot reach the server's in-memory broker from outside; a
 * metronome drops ticks by design (drop-oldest, and its counter starts again on a new thread),
 * and messages sent with `publish.send` are injected into the worker, gone with it; a file
 * source keeps its position (the end of the last acknowledged line) in the server, so the new
 * thread goes on from there: at-least-once, with ids the test can count at the other end.
 */
const steadyDag = {
  name: 'steady',
  subscribers: [{ name: 'in', config: { source: 'file:steady_in.jsonl', poll_interval_ms: 20 } }],
  publishers: [{ name: 'out', config: { destination: 'file:steady_out.jsonl' } }],
  calculators: [{ name: 'pass', type: 'PassthruCalculator', config: {} }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'pass' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms: number) {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The JSON lines of a file (a last line still being written is left out). */
function jsonLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  const lines: Record<string, unknown>[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a partial last line
    }
  }
  return lines;
}

/** GET /healthz every 100 ms until stopped; every answer's latency in ms (failures: Infinity). */
function probeHealth(url: string) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const begin = performance.now();
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      latencies.push(ok ? performance.now() - begin : Infinity);
      await sleep(100);
    }
  })();
  return {
    latencies,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A DAG folder with `dags`, a plugin folder, and the server process on them (DAG_WORKERS=1). */
async function serverWith(dags: readonly { name: string }[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'flow-watchdog-'));
  const dagDir = join(dir, 'dags');
  const pluginDir = join(dir, 'plugins');
  mkdirSync(dagDir);
  mkdirSync(pluginDir);
  for (const [file, source] of Object.entries(PLUGINS))
    writeFileSync(join(pluginDir, file), source);
  for (const dag of dags) writeFileSync(join(dagDir, `${dag.name}.json`), JSON.stringify(dag));
  writeFileSync(join(dagDir, 'steady_in.jsonl'), '');
  const server = await startServerProcess({
    DATA_DIR: join(dir, 'data'),
    DAG_CONFIG_FOLDER: dagDir,
    PLUGIN_FOLDER: pluginDir,
    DAG_WORKERS: '1',
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    ...env,
  });
  return { server, dagDir };
}

/** Appends `{ id }` lines (1, 2, ...) to steady's input every 20 ms until stopped. */
function feedSteady(dagDir: string) {
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    appendFileSync(join(dagDir, 'steady_in.jsonl'), `${JSON.stringify({ id: sent })}\n`);
  }, 20);
  return {
    sent: () => sent,
    stop: () => clearInterval(timer),
  };
}

/** How often each id of steady's output came, once every id up to `sent` has (15 s at most). */
async function steadyOutput(admin: Session, dagDir: string, sent: number) {
  const out = join(dagDir, 'steady_out.jsonl');
  const ids = () => new Set(jsonLines(out).map((m) => m.id));
  // An id that never comes shows in `lost` below.
  await waitFor(() => ids().size >= sent, `steady's output`, 15_000).catch(() => {});
  await admin.client.dags.stop.mutate({ name: 'steady' });
  const counts = new Map<number, number>();
  for (const m of jsonLines(out)) counts.set(m.id as number, (counts.get(m.id as number) ?? 0) + 1);
  const lost = Array.from({ length: sent }, (_, i) => i + 1).filter((id) => !counts.has(id));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  return { counts, lost, duplicated };
}

async function stateOf(admin: Session, name: string) {
  const dags = await admin.client.dags.list.query();
  return dags.find((d) => d.name === name);
}

describe('DAG worker watchdog (the server process, DAG_WORKERS=1)', () => {
  let server: ServerProcess | undefined;
  let admin: Session | undefined;
  afterEach(async () => {
    admin?.close();
    admin = undefined;
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    server = undefined;
  });

  it('fails a DAG whose compute never ends, within its limit, while /healthz and the DAG beside it go on', async () => {
    const started = await serverWith([pluginDag('stuck', 'SpinCalculator', 1000), steadyDag]);
    server = started.server;
    const { dagDir } = started;
    admin = await loginAs(server.url, 'admin', PASSWORD);
    expect((await admin.client.dags.list.query()).map((d) => [d.name, d.state, d.worker])).toEqual(
      expect.arrayContaining([
        ['stuck', 'running', 1],
        ['steady', 'running', 1],
      ]),
    );

    const feed = feedSteady(dagDir);
    const health = probeHealth(server.url);
    await waitFor(
      () => jsonLines(join(dagDir, 'steady_out.jsonl')).length >= 10,
      'steady to run',
      10_000,
    );

    const spin = { spin: true, tag: 'the spinning one' };
    const publishedAt = Date.now();
    await admin.client.publish.send.mutate({ dag: 'stuck', node: 'src', message: spin });
    const session = admin;
    // How long dags.list takes while the worker is stuck: never as long as the stuck compute.
    let listMaxMs = 0;
    await waitFor(
      async () => {
        const begin = Date.now();
        const state = (await stateOf(session, 'stuck'))?.state;
        listMaxMs = Math.max(listMaxMs, Date.now() - begin);
        return state === 'failed';
      },
      'stuck to be failed',
      10_000,
    );
    const timeToFailed = Date.now() - publishedAt;
    // steady goes on for a while on the new thread.
    const sentAtFailure = feed.sent();
    await waitFor(() => feed.sent() >= sentAtFailure + 50, 'more input for steady', 10_000);
    feed.stop();
    await health.stop();

    const stuck = await stateOf(admin, 'stuck');
    expect(stuck?.stateReason).toBe('node "calc" ran longer than compute_timeout_ms (1000 ms)');
    // Audited (and kept stopped in the store: a server restart does not run it on its own).
    const failures = async () =>
      (await session.client.audit.list.query({ limit: 50 })).filter(
        (e) => e.action === 'dag.failed',
      );
    await waitFor(async () => (await failures()).length > 0, 'the failure audited', 5000);
    expect(await failures()).toEqual([
      expect.objectContaining({
        actor: 'system',
        dag: 'stuck',
        detail: { reason: 'node "calc" ran longer than compute_timeout_ms (1000 ms)' },
      }),
    ]);
    const details = await admin.client.dags.details.query({ name: 'stuck' });
    const calc = details.nodes.find((n) => n.name === 'calc');
    expect(calc?.errors.at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringContaining('compute_timeout_ms (1000 ms)') as unknown,
      input: spin,
    });

    const sent = feed.sent();
    const steady = await steadyOutput(admin, dagDir, sent);
    const answered = health.latencies.filter(Number.isFinite);
    const maxLatency = Math.max(...health.latencies);
    console.log(
      JSON.stringify({
        watchdog: {
          timeToFailedMs: timeToFailed,
          dagsListMaxMs: listMaxMs,
          healthz: { probes: health.latencies.length, maxLatencyMs: Math.round(maxLatency) },
          steady: {
            sent,
            lost: steady.lost.length,
            duplicated: steady.duplicated.length,
            duplicatedIds: steady.duplicated.slice(0, 50),
          },
        },
      }),
    );
    expect(timeToFailed).toBeLessThan(1000 + 1000);
    expect(listMaxMs).toBeLessThan(1000);
    expect(answered.length).toBe(health.latencies.length);
    expect(health.latencies.length).toBeGreaterThan(10);
    expect(maxLatency).toBeLessThan(200);
    expect(steady.lost).toEqual([]);

    const status = await admin.client.server.status.query();
    expect(status.workers).toEqual([expect.objectContaining({ id: 1, restarts: 1 })]);
  }, 60_000);

  it('fails a DAG that exhausts its worker heap (DAG_WORKER_MAX_HEAP_MB), while /healthz and the DAG beside it go on', async () => {
    const started = await serverWith([pluginDag('greedy', 'GrowCalculator', 60_000), steadyDag], {
      DAG_WORKER_MAX_HEAP_MB: '64',
    });
    server = started.server;
    const { dagDir } = started;
    admin = await loginAs(server.url, 'admin', PASSWORD);
    const feed = feedSteady(dagDir);
    const health = probeHealth(server.url);
    await waitFor(
      () => jsonLines(join(dagDir, 'steady_out.jsonl')).length >= 10,
      'steady to run',
      10_000,
    );

    const publishedAt = Date.now();
    await admin.client.publish.send.mutate({ dag: 'greedy', node: 'src', message: { grow: true } });
    const session = admin;
    await waitFor(
      async () => (await stateOf(session, 'greedy'))?.state === 'failed',
      'greedy to be failed',
      30_000,
    );
    const timeToFailed = Date.now() - publishedAt;
    const sentAtFailure = feed.sent();
    await waitFor(() => feed.sent() >= sentAtFailure + 50, 'more input for steady', 10_000);
    feed.stop();
    await health.stop();

    const greedy = await stateOf(admin, 'greedy');
    expect(greedy?.stateReason).toMatch(/DAG_WORKER_MAX_HEAP_MB 64/);
    expect(await stateOf(admin, 'steady')).toMatchObject({ state: 'running', worker: 1 });
    const status = await admin.client.server.status.query();
    expect(status.workers).toEqual([
      expect.objectContaining({ id: 1, restarts: expect.any(Number) as unknown }),
    ]);
    const restarts = status.workers[0]?.restarts ?? 0;

    const sent = feed.sent();
    const steady = await steadyOutput(admin, dagDir, sent);
    const maxLatency = Math.max(...health.latencies);
    console.log(
      JSON.stringify({
        heap: {
          timeToFailedMs: timeToFailed,
          reason: greedy?.stateReason,
          restarts,
          healthz: { probes: health.latencies.length, maxLatencyMs: Math.round(maxLatency) },
          steady: { sent, lost: steady.lost.length, duplicated: steady.duplicated.length },
        },
      }),
    );
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(health.latencies.every(Number.isFinite)).toBe(true);
    expect(steady.lost).toEqual([]);
  }, 60_000);
});

describe('starting a failed DAG again (the server process)', () => {
  let server: ServerProcess | undefined;
  let admin: Session | undefined;
  let dagDir = '';
  beforeAll(async () => {
    // Two workers: each DAG on its own, so that one's failures do not touch the other.
    const started = await serverWith(
      [
        pluginDag('spin_topic', 'SpinCalculator', 1000, 'topic'),
        pluginDag('spin_queue', 'SpinCalculator', 1000, 'queue'),
      ],
      { DAG_WORKERS: '2' },
    );
    server = started.server;
    dagDir = started.dagDir;
    admin = await loginAs(server.url, 'admin', PASSWORD);
  });
  afterAll(async () => {
    admin?.close();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  /** Fails `name` with a spinning input, starts it again, and sends it `{ n: 1 }`. */
  async function failAndRestart(name: string) {
    const session = admin as Session;
    await session.client.publish.send.mutate({ dag: name, node: 'src', message: { spin: true } });
    await waitFor(
      async () => (await stateOf(session, name))?.state === 'failed',
      `${name} to be failed`,
      10_000,
    );
    await session.client.dags.start.mutate({ name });
    expect(await stateOf(session, name)).toMatchObject({ state: 'running' });
    await session.client.publish.send.mutate({ dag: name, node: 'src', message: { n: 1 } });
    await waitFor(
      () => jsonLines(join(dagDir, `${name}_out.jsonl`)).some((m) => m.n === 1),
      `${name} to compute again`,
      5_000,
    );
    // Longer than its limit: it does not fail again.
    await sleep(1500);
    expect(await stateOf(session, name)).toMatchObject({ state: 'running' });
  }

  it('an admin starts it: it runs and computes (a mem:// topic source, which keeps nothing)', async () => {
    await failAndRestart('spin_topic');
  }, 30_000);

  /**
   * The spinning input was never acknowledged: the host's mem bridge puts back what the worker
   * had not computed, all but the message the DAG was stuck on (which the watchdog learns by
   * asking the stuck thread through the inspector). Were it put back, the restarted DAG would
   * take it first and be `failed` again at once, its worker (and the DAGs on it) with it.
   */
  it('an admin starts it: it runs and computes (a mem:// queue source: the spinning input is not delivered again)', async () => {
    await failAndRestart('spin_queue');
  }, 30_000);
});
