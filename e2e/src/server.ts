// A real Flow server for the browser tests: `node --import tsx apps/server/src/main.ts` as a child
// process on 127.0.0.1, a free port, a fresh temporary DATA_DIR (embedded PGlite) and a known admin
// password, serving the built web app from apps/web/dist.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist');
/** Password of the `admin` user the server creates on its first start. */
export const ADMIN_PASSWORD = 'e2e-admin-password';

const WATCHDOG = fileURLToPath(new URL('./parent-watchdog.mjs', import.meta.url));
const LOG_LINES = 2000;

export interface ServerOptions {
  /** Extra environment for the server (e.g. DAG_CONFIG_FOLDER, LOG_LEVEL, FLOW_CONNECTIONS). */
  readonly env?: Record<string, string>;
  /** Milliseconds to wait for /readyz (default 60 000). */
  readonly readyTimeoutMs?: number;
  /** A PostgreSQL database (a cluster's shared store) in place of the embedded PGlite. */
  readonly databaseUrl?: string;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before the server binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every child still running, killed when this process exits however it exits (short of SIGKILL). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class FlowServer {
  readonly baseURL: string;
  readonly adminPassword = ADMIN_PASSWORD;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];
  private lineCount = 0;
  private stopped = false;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly options: ServerOptions,
  ) {
    this.baseURL = `http://127.0.0.1:${port}`;
  }

  /** Starts a server on a free port with a fresh DATA_DIR; resolves once /readyz answers 200. */
  static async start(options: ServerOptions = {}): Promise<FlowServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'flow-e2e-'));
    const server = new FlowServer(await freePort(), dataDir, options);
    try {
      await server.launch();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** The server's pid while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many output lines the server has written so far (a mark for `logSince`). */
  get logMark(): number {
    return this.lineCount;
  }

  /** The server's stdout and stderr (the last 2000 lines), optionally from a mark on. */
  logSince(mark = 0): string {
    const first = this.lineCount - this.lines.length;
    return this.lines.slice(Math.max(0, mark - first)).join('\n');
  }

  /** SIGTERM (graceful shutdown), wait for the exit, start again: same port, same DATA_DIR. */
  async restart(): Promise<void> {
    if (this.stopped) throw new Error('the server was stopped');
    await this.terminate();
    await this.launch();
  }

  /** Sends a signal to the running server (e.g. SIGKILL: it dies with no shutdown at all). */
  signal(signal: NodeJS.Signals): void {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null)
      throw new Error(`the server is not running: cannot send ${signal}`);
    this.child.kill(signal);
  }

  /** Resolves when the server process has exited (at once when it is not running). */
  exit(): Promise<void> {
    return this.exited;
  }

  /** Stops the server (SIGTERM, SIGKILL after 15 s) and deletes its DATA_DIR. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.terminate();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      ADMIN_PASSWORD,
      WEB_DIST,
      LOG_LEVEL: 'warn',
      // Many tests log in from 127.0.0.1 within a minute.
      LOGIN_RATE_LIMIT: '1000',
      ...this.options.env,
    };
    // The embedded PGlite in DATA_DIR unless the test gives a database (never the caller's).
    delete env.DATABASE_URL;
    if (this.options.databaseUrl) env.DATABASE_URL = this.options.databaseUrl;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', WATCHDOG, 'apps/server/src/main.ts'],
      // stdin stays a pipe: the watchdog stops the server when this process goes away.
      { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    running.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        running.delete(child);
        resolve();
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.pushLine(line);
      });
      stream.on('end', () => partial && this.pushLine(partial));
    }
    await this.waitReady(child);
  }

  private pushLine(line: string): void {
    this.lines.push(line);
    this.lineCount++;
    if (this.lines.length > LOG_LINES) this.lines.shift();
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let exit: string | undefined;
    void this.exited.then(() => (exit = `code ${child.exitCode}, signal ${child.signalCode}`));
    while (Date.now() < deadline) {
      if (exit)
        throw new Error(
          `the server exited (${exit}) before it was ready; its output:\n${this.logSince()}`,
        );
      try {
        const response = await fetch(`${this.baseURL}/readyz`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`the server was not ready within the timeout; its output:\n${this.logSince()}`);
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([
        this.exited.then(() => false),
        sleep(15_000).then(() => true),
      ]);
      if (killed) {
        this.pushLine('[e2e] the server did not stop within 15 s of SIGTERM: SIGKILL');
        child.kill('SIGKILL');
      }
    }
    await this.exited;
    this.child = undefined;
  }
}
