// Issue 18, bug 1: a test message published into a `file:` subscriber reaches the node as if it
// had been read, and the file (the user's source data) keeps its bytes. On the main thread and
// through a DAG worker alike; a stopped DAG refuses it with a reason (a 400), writing nothing.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  codeOf,
  loginAs,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

const fileDag = (name: string) => ({
  name,
  subscribers: [{ name: 'in', config: { source: 'file:numbers.jsonl', poll_interval_ms: 20 } }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${name}_out` } }],
  calculators: [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
});

const SOURCE = '{"a":1,"b":2}\n';

describe.each([
  ['on the main thread', '0'],
  ['through a DAG worker', '1'],
])('a test message into a file source, %s (issue 18)', (_, workers) => {
  let t: TestServer;
  let admin: Session;
  let files: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flow-publish-file-'));
    files = join(dataDir, 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'numbers.jsonl'), SOURCE);
    t = await startTestServer('pglite', { DATA_DIR: dataDir, DAG_WORKERS: workers });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
  }, 60_000);

  afterAll(async () => {
    admin?.close();
    await t?.close();
  });

  const outputOf = async (node: string) =>
    (await admin.client.dags.details.query({ name: 'filed' })).nodes.find((n) => n.name === node)
      ?.output;

  async function until(what: string, test: () => Promise<boolean>) {
    const end = Date.now() + 10_000;
    while (!(await test())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('reaches the node as if read and leaves the file as it was', async () => {
    await admin.client.dags.save.mutate({ config: fileDag('filed') });
    // Stopped: refused with a reason, the file untouched.
    expect(
      await codeOf(
        admin.client.publish.send.mutate({ dag: 'filed', node: 'src', message: { a: 5, b: 6 } }),
      ),
    ).toBe('BAD_REQUEST');
    await admin.client.dags.start.mutate({ name: 'filed' });
    await until('the file line', async () => (await outputOf('calc'))?.sum === 3);
    await admin.client.publish.send.mutate({
      dag: 'filed',
      node: 'src',
      message: { a: 40, b: 2 },
    });
    await until('the test message', async () => (await outputOf('calc'))?.sum === 42);
    expect(await outputOf('src')).toEqual({ a: 40, b: 2 });
    await new Promise((r) => setTimeout(r, 100)); // a poll or two: nothing appears in the file
    expect(readFileSync(join(files, 'numbers.jsonl'), 'utf8')).toBe(SOURCE);
    await admin.client.dags.stop.mutate({ name: 'filed' });
  }, 60_000);
});
