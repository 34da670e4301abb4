/**
 * `pnpm bench:state`: does watching slow a DAG down? The in-memory benchmark pipeline runs flat
 * out in a real server, first with no watcher, then with WATCHERS websocket clients (in another
 * process) watching its live state; one JSON line per run with both rates and their ratio, then
 * the medians. Target: the ratio stays at or above 0.9.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Message } from '@flow/engine';
import { FlowApp } from '../src/app';
import { readSettings } from '../src/config/env';
import { buildServer } from '../src/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Alternating samples per run: the engine's own rate wanders, so each run takes medians. */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 50);
const IN_FLIGHT = 1024;
const PASSWORD = 'bench-password-123';

const settings = readSettings(
  {
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'flow-bench-')),
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
  },
  () => '{}',
);
const logger = pino({ level: 'silent' });
const app = await FlowApp.open(settings, logger);
const server = await buildServer(app, logger, { loginLimit: 1000 }); // one login per sample
await server.fastify.listen({ port: 0, host: '127.0.0.1' });
const address = server.fastify.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const config = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../packages/engine/bench/pipeline.dag.json', import.meta.url)),
    'utf8',
  ),
) as { name: string };
await app.saveDag(config, 'bench', undefined, 'admin');
await app.startDag(config.name, undefined, 'bench');

const message = (i: number): Message => ({ a: i, b: i * 2 + 1, c: i * 3, d: i + 0.5 });

/** Pushes MESSAGES through the running DAG, at most IN_FLIGHT queued; returns messages per second. */
async function rate(): Promise<number> {
  const input = app.engine.broker.queue('bench_in');
  let received = 0;
  const done = new Promise<void>((resolve) => {
    const detach = app.engine.broker.queue('bench_out').attach({
      paused: false,
      receive() {
        if (++received === MESSAGES) {
          detach();
          resolve();
        }
      },
    });
  });
  let sent = 0;
  const started = performance.now();
  const feed = () => {
    const until = Math.min(MESSAGES, received + IN_FLIGHT);
    while (sent < until) input.push(message(sent++));
    if (sent < MESSAGES) setImmediate(feed);
  };
  feed();
  await done;
  return MESSAGES / ((performance.now() - started) / 1000);
}

async function withWatchers<T>(
  work: () => Promise<T>,
): Promise<{ result: T; events: number; bytes: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('state-watchers.ts', import.meta.url)),
      url,
      config.name,
      String(WATCHERS),
      PASSWORD,
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = (async function* () {
    let buffer = '';
    for await (const chunk of child.stdout) {
      buffer += String(chunk);
      let i;
      while ((i = buffer.indexOf('\n')) !== -1) {
        yield buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
      }
    }
  })();
  const ready = await lines.next();
  if (ready.value !== 'watching') throw new Error(`watchers did not start: ${String(ready.value)}`);
  const result = await work();
  child.stdin.write('report\n');
  const report = JSON.parse((await lines.next()).value as string) as {
    events: number;
    bytes: number;
  };
  return { result, ...report };
}

await rate(); // warm up
const results: Record<string, number | string>[] = [];
const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
for (let run = 0; run < RUNS; run++) {
  const alone: number[] = [];
  const watched: number[] = [];
  let events = 0;
  let bytes = 0;
  for (let sample = 0; sample < SAMPLES; sample++) {
    alone.push(await rate());
    const w = await withWatchers(rate);
    watched.push(w.result);
    events += w.events;
    bytes += w.bytes;
  }
  const line = {
    bench: 'state',
    messages: MESSAGES,
    samples: SAMPLES,
    watchers: WATCHERS,
    alone_msgs_per_s: Math.round(middle(alone)),
    watched_msgs_per_s: Math.round(middle(watched)),
    ratio: Number((middle(watched) / middle(alone)).toFixed(3)),
    events_received: events,
    kbytes_received: Math.round(bytes / 1024),
  };
  console.log(JSON.stringify(line));
  results.push(line);
}
const median = (key: string) =>
  results.map((r) => r[key] as number).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(
  JSON.stringify({
    bench: 'state',
    runs: RUNS,
    median: {
      alone_msgs_per_s: median('alone_msgs_per_s'),
      watched_msgs_per_s: median('watched_msgs_per_s'),
      ratio: median('ratio'),
    },
  }),
);
await server.close();
await app.close();
process.exit(0);
