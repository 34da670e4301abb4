/**
 * `pnpm bench:metrics`: what does /metrics cost with a 12,000-node DAG, and what do 20 scrapers at
 * once do to /healthz? Prints one JSON line per run and then the medians: the render time of the
 * text, and /healthz latency (median and max) while SCRAPERS clients scrape as fast as they can,
 * once against /metrics (cached for a second) and once against a route that renders on every
 * scrape, as /metrics did before the cache.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { FlowApp } from '../src/app';
import { readSettings } from '../src/config/env';
import { renderMetrics } from '../src/metrics';
import { buildServer } from '../src/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NODES = Number(process.env.BENCH_NODES ?? 12_000);
const SCRAPERS = Number(process.env.BENCH_SCRAPERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const settings = readSettings(
  {
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'flow-bench-metrics-')),
    ADMIN_PASSWORD: 'bench-password-123',
    LOG_LEVEL: 'silent',
  },
  () => '{}',
);
const logger = pino({ level: 'silent' });
const app = await FlowApp.open(settings, logger);
const server = await buildServer(app, logger);
const uptime = () => (Date.now() - app.startedAt) / 1000;
// The route as it was: a render for every scrape.
server.fastify.get('/metrics-uncached', async (_req, reply) =>
  reply.type('text/plain; version=0.0.4').send(await renderMetrics(app.engine, uptime())),
);
await server.fastify.listen({ port: 0, host: '127.0.0.1' });
const address = server.fastify.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

/** A chain: one subscriber, NODES - 2 calculations, one publication. */
const calcs = Array.from({ length: NODES - 2 }, (_, i) => `calc_${i}`);
const names = ['src', ...calcs, 'sink'];
await app.engine.add({
  name: 'big',
  subscribers: [{ name: 'in', config: { source: 'mem://queue/big_in' } }],
  publishers: [{ name: 'out', config: { destination: 'mem://queue/big_out' } }],
  calculators: [{ name: 'copy', type: 'NullCalculator' }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    ...calcs.map((name) => ({ name, type: 'CalculationNode', config: { calculator: 'copy' } })),
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: names.slice(1).map((to, i) => ({ from: names[i] as string, to })),
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

/** Scrapers fetch `path` back to back for SECONDS, on a thread of their own (as other hosts would). */
const scraperCode = `
const { workerData, parentPort } = require('node:worker_threads');
const { url, scrapers, seconds } = workerData;
const until = Date.now() + seconds * 1000;
let scrapes = 0;
Promise.all(Array.from({ length: scrapers }, async () => {
  while (Date.now() < until) { await (await fetch(url)).arrayBuffer(); scrapes++; }
})).then(() => parentPort.postMessage(scrapes));
`;

/** /healthz latencies (ms) while SCRAPERS clients fetch `path` back to back for SECONDS. */
async function healthUnderScrapes(
  path: string,
): Promise<{ median: number; max: number; scrapes: number }> {
  const worker = new Worker(scraperCode, {
    eval: true,
    workerData: { url: `${url}${path}`, scrapers: SCRAPERS, seconds: SECONDS },
  });
  const scrapes = new Promise<number>((resolve) => worker.once('message', resolve));
  await new Promise((r) => setTimeout(r, 200)); // let the scrapers start
  const until = Date.now() + (SECONDS - 0.5) * 1000;
  const latencies: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    await (await fetch(`${url}/healthz`)).text();
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  const total = await scrapes;
  await worker.terminate();
  return { median: round(median(latencies)), max: round(Math.max(...latencies)), scrapes: total };
}

const runs = [];
for (let run = 0; run < RUNS; run++) {
  const renders: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    bytes = (await renderMetrics(app.engine, uptime())).length;
    renders.push(performance.now() - started);
  }
  const result = {
    run,
    nodes: NODES,
    renderMs: round(median(renders)),
    textBytes: bytes,
    healthzUncachedMs: await healthUnderScrapes('/metrics-uncached'),
    healthzCachedMs: await healthUnderScrapes('/metrics'),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  runs.push(result);
}
process.stdout.write(
  `${JSON.stringify({
    medians: {
      renderMs: median(runs.map((r) => r.renderMs)),
      healthzUncachedMedianMs: median(runs.map((r) => r.healthzUncachedMs.median)),
      healthzUncachedMaxMs: median(runs.map((r) => r.healthzUncachedMs.max)),
      healthzCachedMedianMs: median(runs.map((r) => r.healthzCachedMs.median)),
      healthzCachedMaxMs: median(runs.map((r) => r.healthzCachedMs.max)),
    },
  })}\n`,
);
await server.close();
await app.close();
