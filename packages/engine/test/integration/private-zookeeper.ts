import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private ZooKeeper for the tests that stop, freeze or restart it (never the shared one of
 * scripts/services.sh, which other tests use): the JVM started directly as scripts/services.sh
 * does, on a free port of 127.0.0.1, tickTime 500 (sessions of 1 to 10 s), a temporary dataDir.
 * `stop` and `start` again keep the port and the dataDir, so sessions may outlive the outage as
 * on a real restart. Used by the engine's fault tests and the server's cluster harness
 * (apps/server/test/integration/cluster/harness.ts); `close()` ends it (call it in afterAll).
 */
export class PrivateZooKeeper {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** `127.0.0.1:<port>`: the hosts to connect to. */
  get hosts(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateZooKeeper> {
    const dir = mkdtempSync(join(tmpdir(), 'flow-zk-'));
    mkdirSync(join(dir, 'data'));
    const zk = new PrivateZooKeeper(await freePort(), dir);
    writeFileSync(
      join(dir, 'zoo.cfg'),
      [
        'tickTime=500',
        `dataDir=${join(dir, 'data')}`,
        `clientPort=${zk.port}`,
        'clientPortAddress=127.0.0.1',
        'admin.enableServer=false',
        '4lw.commands.whitelist=srvr,ruok',
        '',
      ].join('\n'),
    );
    try {
      await zk.start();
    } catch (error) {
      await zk.close();
      throw error;
    }
    return zk;
  }

  /** Whether the JVM runs (started and not yet stopped). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && !this.child.signalCode;
  }

  /** Starts the JVM (again) and waits (20 s at most) until it answers `ruok` with `imok`. */
  async start(): Promise<void> {
    if (this.running) return;
    this.output = '';
    const child = spawn(
      'java',
      [
        '-Xms32m',
        '-Xmx128m',
        '-cp',
        '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar',
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        join(this.dir, 'zoo.cfg'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    untilExit.add(child);
    child.once('exit', () => untilExit.delete(child));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const until = Date.now() + 20_000;
    while ((await ask(this.port, 'ruok')) !== 'imok') {
      if (!this.running || Date.now() > until) {
        await this.stop();
        throw new Error(`the private ZooKeeper did not start on ${this.hosts}:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Stops the JVM and waits until it has exited: SIGTERM (SIGKILL after 10 s), or SIGKILL at
   * once (no goodbye to the clients). A frozen JVM is resumed first.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGSTOP: its sockets stay open and nothing answers (a hung server, a silent partition). */
  freeze(): void {
    if (this.running) this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after freeze() (harmless otherwise). */
  resume(): void {
    if (this.running) this.child?.kill('SIGCONT');
  }

  /** Stops it for good and removes its folder. */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every JVM started here and not yet exited: killed if the test process exits first. */
const untilExit = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of untilExit) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** A four-letter command's answer ('' when the port does not answer within 2 s). */
function ask(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection({ host: '127.0.0.1', port, timeout: 2000 });
    socket.on('connect', () => socket.write(command));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(answer));
  });
}
