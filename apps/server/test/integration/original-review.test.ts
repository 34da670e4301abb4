// A review of the original format's additions (issue 15) through the API, as an analyst with a
// hostile or broken file: every bad shape is a 400 with its problems (never a 500), a Kafka
// broker list hidden in consumer_config is still an inline broker list, and neither the reply nor
// the audit entry carries a password of the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  codeOf,
  createUserSession,
  loginAs,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

const SECRET = 'S3cr3t-pa55word';

/** An original-format DAG reading subscriber `in` into an in-memory queue. */
const originalDag = (name: string, subscriber: Record<string, unknown>) => ({
  name,
  _comment: 'from the original system',
  subscribers: [{ name: 'in', config: subscriber }],
  publishers: [{ name: 'out', config: { destination: `mem://queue/${name}_out` } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
    { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
  ],
  edges: [{ from_node: 'src', to_node: 'sink' }],
});

describe('the original format reviewed through the API', () => {
  let t: TestServer;
  let admin: Session;
  let analyst: Session;

  beforeAll(async () => {
    t = await startTestServer('pglite', {
      FLOW_CONNECTIONS: JSON.stringify({ stomp: { activemq: { url: 'stomp://127.0.0.1:61613' } } }),
    });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    analyst = await createUserSession(admin, t.url, {
      username: 'review_analyst',
      password: 'analyst-password-1',
      role: 'analyst',
    });
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    analyst?.close();
    await t?.close();
  });

  it('a bad shape at any key the converter reads is a 400, never a 500', async () => {
    const base = originalDag('bad_shapes', { source: 'inmemory://in_queue' });
    const shapes: Record<string, unknown>[] = [
      { ...base, nodes: null },
      { ...base, edges: [1, null, 'x', [], { from_node: {}, to_node: [], pname: 5 }] },
      { ...base, subscribers: [{ name: 'in', config: [] }, null, 3] },
      {
        ...base,
        subscribers: [{ name: 'in', config: { source: 'kafka://topic/t', consumer_config: [] } }],
      },
      {
        ...base,
        subscribers: [
          { name: 'in', config: { source: 'fanin://in,' + 'x,'.repeat(30_000) + 'y' } },
        ],
      },
      {
        ...base,
        subscribers: [{ name: 'in', config: { source: 'metronome', interval: 0.000001 } }],
      },
      { ...base, schedule: { days_of_week: 'Mon', timezone: 'x'.repeat(10_000) } },
      { ...base, start_time: 900, duration: '99999999h' },
      { ...base, start_time: '09:00', duration: ['6h'] },
      { ...base, calculators: [{ name: 'c', type: 5 }, { type: null }, 'x'] },
      {
        ...base,
        nodes: [{ name: 'n', type: 'MetronomeNode', config: { interval: null, message: {} } }],
      },
      {
        ...base,
        nodes: [{ name: 'n', subscriber: {}, calculator: [], publishers: 'out', publisher: 'out' }],
      },
    ];
    const codes: (string | undefined)[] = [];
    for (const config of shapes) {
      const reply = await analyst.client.dags.validate.mutate({ config });
      expect(reply.ok).toBe(false);
      expect(reply.problems.length).toBeGreaterThan(0);
      codes.push(await codeOf(analyst.client.dags.save.mutate({ config })));
    }
    expect(codes).toEqual(shapes.map(() => 'BAD_REQUEST'));
  });

  it("a broker list inside consumer_config is an inline broker list: an analyst's is refused", async () => {
    const config = originalDag('kafka_client_config', {
      source: 'kafka://topic/t',
      consumer_config: { 'bootstrap.servers': '10.1.2.3:9092' },
    });
    const reply = await analyst.client.dags.validate.mutate({ config });
    expect(reply.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.subscribers[0].config.consumer_config["bootstrap.servers"]',
    ]);
  });

  it('no password of the file in the reply, the stored config or the audit entry', async () => {
    const name = 'orig_secrets';
    const config = {
      ...originalDag(name, {
        source: 'activemq://queue/orders',
        host: 'broker.example',
        username: 'app',
        password: SECRET,
      }),
      publishers: [
        {
          name: 'out',
          config: {
            destination: 'kafka://topic/out',
            producer_config: { 'sasl.password': SECRET, sasl_plain_password: SECRET },
          },
        },
      ],
    };
    const saved = await admin.client.dags.save.mutate({ config });
    expect(saved.originalFormat).toBe(true);
    expect(saved.warnings?.length).toBeGreaterThan(3);
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    const stored = await admin.client.dags.get.query({ name });
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    const audit = await admin.client.audit.list.query({ limit: 20 });
    const entry = audit.find((a) => a.action === 'dag.save' && a.dag === name);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });
});
