/**
 * `pnpm bench:footprint`: how much memory does `npm start` hold when idle? Starts the server as
 * scripts/start-server.mjs does (`node --import tsx apps/server/src/main.ts`, embedded PGlite
 * unless DATABASE_URL is set, the sample DAGs imported and running, the web app served when it is
 * built) on a fresh temporary DATA_DIR and a free port, waits for /healthz and IDLE_MS of idle,
 * then samples the resident memory of the server process and its children (VmRSS) SAMPLES times
 * over 5 s. One JSON line per run (a fresh process each, BENCH_RUNS), then the medians. Builds
 * nothing. BENCH_RESTART=1 measures a second start on the same DATA_DIR instead (no initdb).
 * V8 gives back the start's garbage some 20-40 s after /healthz: BENCH_IDLE_MS=45000 measures
 * the settled footprint. Target: rssMb <= 300 with PGlite, <= 200 without the worker threads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const SAMPLES = 5;
const SAMPLE_SPAN_MS = 5_000;
/** A run that takes longer than this is killed and the bench fails. */
const RUN_TIMEOUT_MS = 120_000;
const RESTART = process.env.BENCH_RESTART === '1';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const webDist = process.env.WEB_DIST ?? join(root, 'apps/web/dist');
const store = process.env.DATABASE_URL ? 'postgres' : 'pglite';
/**
 * Loaded into the server: answers the bench's `memory` message with process.memoryUsage(), and
 * stops the server when the bench is gone (killed, or its output closed).
 */
const probe = `data:text/javascript,process.on('message',m=>{if(m==='memory')process.send(process.memoryUsage())});process.on('disconnect',()=>process.kill(process.pid,'SIGTERM'))`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1048576);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** VmRSS in kB of a process, 0 when it is gone. */
function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The process and all its descendants. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: the ppid follows the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(parents.get(all[i] as number) ?? []));
  return all;
}

function startServer(dir: string, port: number): { child: ChildProcess; output: () => string } {
  const env = {
    ...process.env,
    DATA_DIR: join(dir, 'data'),
    DAG_CONFIG_FOLDER: join(dir, 'samples/dags'),
    // As start-server.mjs, on a copy: the sample writes ../out, next to its folder.
    FILE_ROOTS: [join(dir, 'samples'), join(dir, 'data/files')].join(delimiter),
    WEB_DIST: webDist,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD: 'bench-password-123',
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', probe, 'apps/server/src/main.ts'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + String(chunk)).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => tail };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) return;
  child.kill('SIGKILL');
  await exited;
}

async function healthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
}

function memoryUsage(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as NodeJS.MemoryUsage));
    child.send('memory');
  });
}

async function measure(dir: string): Promise<Record<string, number | string | boolean>> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (RESTART) {
    const first = startServer(dir, port);
    try {
      await healthy(url, first.child, first.output);
    } finally {
      await stopServer(first.child);
    }
  }
  const { child, output } = startServer(dir, port);
  try {
    const started = performance.now();
    await healthy(url, child, output);
    const readyMs = Math.round(performance.now() - started);
    await sleep(IDLE_MS);
    const pid = child.pid as number;
    const rss: number[] = [];
    let processes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const pids = tree(pid);
      processes = pids.length;
      rss.push(pids.reduce((sum, p) => sum + rssKb(p), 0) / 1024);
      if (i < SAMPLES - 1) await sleep(SAMPLE_SPAN_MS / (SAMPLES - 1));
    }
    const usage = await memoryUsage(child);
    if (!(await fetch(`${url}/healthz`)).ok) throw new Error('/healthz failed after idle');
    return {
      bench: 'footprint',
      store,
      restart: RESTART,
      idleMs: IDLE_MS,
      web: existsSync(webDist),
      processes,
      readyMs,
      rssMb: Math.round(median(rss)),
      heapUsedMb: mb(usage.heapUsed),
      externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
    };
  } finally {
    await stopServer(child);
  }
}

const results: Record<string, number | string | boolean>[] = [];
for (let run = 0; run < RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'flow-bench-footprint-'));
  cpSync(join(root, 'samples/dags'), join(dir, 'samples/dags'), { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`run took over ${RUN_TIMEOUT_MS} ms`)),
        RUN_TIMEOUT_MS,
      );
    });
    const measuring = measure(dir);
    measuring.catch(() => {}); // reported through the race below
    const line = await Promise.race([measuring, timeout]);
    console.log(JSON.stringify(line));
    results.push(line);
  } catch (error) {
    console.error(`run ${run + 1} failed: ${(error as Error).message}`);
    // A timed-out run's server is still up: end it (and what it started) before leaving.
    for (const pid of tree(process.pid).slice(1)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    process.exitCode = 1;
    break;
  } finally {
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}
if (results.length === RUNS) {
  const keys = Object.keys(results[0] ?? {}).filter((k) => typeof results[0]?.[k] === 'number');
  console.log(
    JSON.stringify({
      bench: 'footprint',
      store,
      runs: RUNS,
      median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k] as number))])),
    }),
  );
}
