import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loginAs } from './harness';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the server process', () => {
  it('imports the DAG folder, runs it, and on SIGTERM stops the DAGs and flushes publishers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-shutdown-'));
    writeFileSync(
      join(dir, 'batched.json'),
      JSON.stringify({
        name: 'batched',
        subscribers: [{ name: 'in', config: { source: 'mem://queue/batched_in' } }],
        // A batch this large is never full here: only the flush at shutdown writes it.
        publishers: [{ name: 'out', config: { destination: 'file:out.jsonl', batch_size: 1000 } }],
        nodes: [
          { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
          { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
        ],
        edges: [{ from: 'src', to: 'sink' }],
      }),
    );
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: join(dir, 'data'),
        DAG_CONFIG_FOLDER: dir,
        ADMIN_PASSWORD: 'shutdown-password',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const url = `http://127.0.0.1:${port}`;
    const until = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > until) throw new Error('server did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = await loginAs(url, 'admin', 'shutdown-password');
    const [dag] = await admin.client.dags.list.query();
    expect(dag).toMatchObject({ name: 'batched', state: 'running' });
    for (let i = 0; i < 5; i++)
      await admin.client.publish.send.mutate({ dag: 'batched', node: 'src', message: { i } });
    await new Promise((r) => setTimeout(r, 200));
    expect(
      existsSync(join(dir, 'out.jsonl')) ? readFileSync(join(dir, 'out.jsonl'), 'utf8') : '',
    ).toBe('');
    admin.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(
      readFileSync(join(dir, 'out.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
  }, 60_000);
});
