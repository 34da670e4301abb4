import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createUserSession,
  loginAs,
  problemsOf,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

/** An original-format DAG reading `source` into an in-memory queue. */
const originalDag = (name: string, subscriber: Record<string, unknown>) => ({
  name,
  subscribers: [{ name: 'in', config: subscriber }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${name}_out` } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
    { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
  ],
  edges: [{ from_node: 'src', to_node: 'sink' }],
});

describe("the original format's broker settings on the server", () => {
  let t: TestServer;
  let admin: Session;
  let analyst: Session;

  beforeAll(async () => {
    t = await startTestServer('pglite');
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    analyst = await createUserSession(admin, t.url, {
      username: 'orig_analyst',
      password: 'analyst-password-1',
      role: 'analyst',
    });
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    analyst?.close();
    await t?.close();
  });

  it('an activemq:// DAG uses the connection named activemq: deleting it is refused', async () => {
    const noConnection = await problemsOf(
      admin.client.dags.save.mutate({
        config: originalDag('amq_orders', { source: 'activemq://queue/orders' }),
      }),
    );
    expect(noConnection.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.subscribers[0].config.source',
    ]);
    await admin.client.connections.save.mutate({
      kind: 'stomp',
      name: 'activemq',
      settings: { url: 'stomp://admin:admin@127.0.0.1:61623' },
    });
    await admin.client.dags.save.mutate({
      config: originalDag('amq_orders', { source: 'activemq://queue/orders' }),
    });
    const inUse = await problemsOf(
      admin.client.connections.delete.mutate({ kind: 'stomp', name: 'activemq' }),
    );
    expect(inUse[0]?.message).toMatch(/used by DAG "amq_orders"/);
    await admin.client.dags.delete.mutate({ name: 'amq_orders' });
    await admin.client.connections.delete.mutate({ kind: 'stomp', name: 'activemq' });
  }, 30_000);

  it("an analyst may not set the original's bootstrap_servers inline", async () => {
    const problems = await problemsOf(
      analyst.client.dags.save.mutate({
        config: originalDag('kafka_inline', {
          source: 'kafka://topic/t',
          bootstrap_servers: '10.1.2.3:9092',
        }),
      }),
    );
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.subscribers[0].config.bootstrap_servers',
    ]);
  });
});

describe('a DAG_CONFIG_FOLDER of original-format files', () => {
  let t: TestServer | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('imports one whose broker URI has its connection, and not one whose has none', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'flow-orig-folder-')), 'dags');
    mkdirSync(folder);
    const write = (name: string, source: string) =>
      writeFileSync(join(folder, `${name}.json`), JSON.stringify(originalDag(name, { source })));
    write('rabbit_orders', 'rabbitmq://queue/orig_folder_orders');
    write('amq_orders', 'activemq://queue/orig_folder_orders');
    t = await startTestServer('pglite', {
      DAG_CONFIG_FOLDER: folder,
      FLOW_CONNECTIONS: JSON.stringify({
        stomp: { rabbitmq: { url: 'stomp://guest:guest@127.0.0.1:61613' } },
      }),
    });
    const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    const names = (await admin.client.dags.list.query()).map((d) => d.name);
    admin.close();
    expect(names).toContain('rabbit_orders');
    expect(names).not.toContain('amq_orders');
  }, 60_000);
});
