import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginAs } from './harness';
import { startServerProcess } from './server-process';

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
    const { child, url, exited } = await startServerProcess({
      DATA_DIR: join(dir, 'data'),
      DAG_CONFIG_FOLDER: dir,
      ADMIN_PASSWORD: 'shutdown-password',
      LOG_LEVEL: 'warn',
    });
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
