import { MAX_JSON_DEPTH } from '@flow/shared';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AdapterError,
  PayloadError,
  type Message,
  type Publisher,
  type Subscriber,
} from '../../src/index';
import { sqlPublisherAdapter, sqlSubscriberAdapter } from '../../src/pubsub/sql';
import { adapterContext, definePubSubContract, eventually, RecordingSink } from './contract';
import { requireService, services, unique } from './services';

let db: pg.Pool;
const tables: string[] = [];
const dags: string[] = [];

beforeAll(async () => {
  await requireService('PostgreSQL', services.postgres);
  db = new pg.Pool({ connectionString: services.postgres, max: 2 });
});
afterAll(async () => {
  for (const table of tables) await db.query(`DROP TABLE IF EXISTS "${table}"`);
  await db.query('DELETE FROM flow_sql_cursors WHERE dag = ANY($1)', [dags]).catch(() => {});
  await db.end();
});

/** A fresh table (dropped after the file) and a context whose source `src` names it. */
async function freshTable(columns: string, settings: Record<string, unknown> = {}) {
  const table = unique('sqltest');
  tables.push(table);
  await db.query(`CREATE TABLE "${table}" (${columns})`);
  const context = adapterContext(unique('sub'), {
    sql: { src: { url: services.postgres, table, ...settings } },
  });
  dags.push(context.dagName);
  return { table, context };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The contract runs on a message table (SQL rows cannot hold a payload that is not an object any
// other way): each row carries its message in a text column `payload`, which the subscriber
// parses, so putRaw can store text that is not JSON, or JSON that is not an object, and the
// subscriber must reject it with the row as its origin. `created_at` is bookkeeping, not message.
let contractTable = '';
definePubSubContract({
  name: 'sql',
  acknowledges: true,
  flowControl: 'pause',
  async create() {
    const { table, context } = await freshTable(
      'id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now()',
    );
    contractTable = table;
    return {
      subscriber: () =>
        sqlSubscriberAdapter.createSubscriber(
          sqlSubscriberAdapter.configSchema.parse({ source: 'sql://src', poll_interval_ms: 100 }),
          context,
        ),
      publisher: () =>
        sqlPublisherAdapter.createPublisher(
          sqlPublisherAdapter.configSchema.parse({ destination: 'sql://src' }),
          context,
        ),
    };
  },
  putRaw: async (raw) => {
    await db.query(`INSERT INTO "${contractTable}" (payload) VALUES ($1)`, [raw]);
  },
});

describe('sql adapter', () => {
  const running: Subscriber[] = [];
  const publishers: Publisher[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    await Promise.all(publishers.splice(0).map((p) => p.stop()));
  });

  async function subscribe(
    context: ReturnType<typeof adapterContext>,
    config: Record<string, unknown> = {},
  ) {
    const subscriber = sqlSubscriberAdapter.createSubscriber(
      sqlSubscriberAdapter.configSchema.parse({
        source: 'sql://src',
        poll_interval_ms: 50,
        ...config,
      }),
      context,
    );
    const sink = new RecordingSink();
    await subscriber.start(sink, new AbortController().signal);
    running.push(subscriber);
    return { subscriber, sink };
  }

  async function publisher(context: ReturnType<typeof adapterContext>, source = 'sql://src') {
    const pub = sqlPublisherAdapter.createPublisher(
      sqlPublisherAdapter.configSchema.parse({ destination: source }),
      context,
    );
    await pub.start(new AbortController().signal);
    publishers.push(pub);
    return pub;
  }

  it('delivers each row of a plain table as a message with JSON-safe values', async () => {
    const { table, context } = await freshTable(
      `id bigserial PRIMARY KEY, name text, amount numeric(10,2), big bigint, at timestamptz,
       day date, tags jsonb, n int, flag boolean`,
    );
    await db.query(
      `INSERT INTO "${table}" (name, amount, big, at, day, tags, n, flag)
       VALUES ('a', 12.50, 9007199254740993, '2024-03-01T10:00:00.123Z', '2024-03-01', '{"k":[1,2]}', 7, true),
              (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    const { subscriber, sink } = await subscribe(context);
    await eventually(() => sink.messages.length === 2, 'two rows');
    expect(sink.messages[0]).toEqual({
      id: '1',
      name: 'a',
      amount: '12.50',
      big: '9007199254740993',
      at: '2024-03-01T10:00:00.123Z',
      day: '2024-03-01',
      tags: { k: [1, 2] },
      n: 7,
      flag: true,
    });
    expect(sink.messages[1]).toMatchObject({ id: '2', name: null, at: null });
    expect(JSON.parse(JSON.stringify(sink.messages))).toEqual(sink.messages);
    await eventually(() => subscriber.isDrained?.() === true, 'drained');
    expect(sink.statuses.at(-1)).toEqual({ state: 'connected' });
  });

  it('keeps the highest contiguously acknowledged cursor across restarts', async () => {
    const { table, context } = await freshTable('seq int PRIMARY KEY, v text', {
      cursor_column: 'seq',
    });
    await db.query(
      `INSERT INTO "${table}" (seq, v) SELECT g, 'v' || g FROM generate_series(1, 5) g`,
    );
    const first = await subscribe(context);
    await eventually(() => first.sink.messages.length === 5, 'five rows');
    // 1, 2 and 4 acknowledged; 3 not: the stored cursor is 2.
    first.sink.acks[0]?.();
    first.sink.acks[1]?.();
    first.sink.acks[3]?.();
    await first.subscriber.stop();
    const stored = await db.query(
      'SELECT source, cursor FROM flow_sql_cursors WHERE dag = $1 AND subscriber = $2',
      [context.dagName, context.componentName],
    );
    expect(stored.rows).toEqual([{ source: `src:${table}.seq`, cursor: '2' }]);

    const second = await subscribe(context);
    await eventually(() => second.sink.messages.length === 3, 'rows 3 to 5 again');
    await wait(300);
    expect(second.sink.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    // Acknowledged after stop, as the engine does while it stops: still stored.
    await second.subscriber.stop();
    second.sink.ackAll();
    await wait(500);
    await db.query(`INSERT INTO "${table}" (seq, v) VALUES (6, 'v6')`);

    const third = await subscribe(context);
    await eventually(() => third.sink.messages.length === 1, 'only the new row');
    await wait(300);
    expect(third.sink.messages).toEqual([{ seq: 6, v: 'v6' }]);
  });

  it('reads a timestamp cursor with microseconds exactly, without repeating rows', async () => {
    const { table, context } = await freshTable('at timestamptz NOT NULL, v int', {
      cursor_column: 'at',
    });
    await db.query(
      `INSERT INTO "${table}" VALUES ('2024-01-01 00:00:00.000001+00', 1),
        ('2024-01-01 00:00:00.000002+00', 2), ('2024-01-01 00:00:00.000003+00', 3)`,
    );
    const { sink } = await subscribe(context, { fetch_size: 2 });
    await eventually(() => sink.messages.length >= 3, 'three rows');
    await wait(400);
    expect(sink.messages.map((m) => m.v)).toEqual([1, 2, 3]);
  });

  it('publishes batches as rows, missing keys taking the column default', async () => {
    const { table, context } = await freshTable(
      `id bigserial PRIMARY KEY, name text, kind text NOT NULL DEFAULT 'plain', doc jsonb, nums int[]`,
    );
    const pub = await publisher(context);
    await pub.publish([
      { name: 'a', doc: { x: [1, { y: 'z' }] }, nums: [1, 2] },
      { name: 'b', kind: 'special', doc: 'just a string' },
      {},
    ]);
    const { rows } = await db.query(`SELECT name, kind, doc, nums FROM "${table}" ORDER BY id`);
    expect(rows).toEqual([
      { name: 'a', kind: 'plain', doc: { x: [1, { y: 'z' }] }, nums: [1, 2] },
      { name: 'b', kind: 'special', doc: 'just a string', nums: null },
      { name: null, kind: 'plain', doc: null, nums: null },
    ]);
    expect(pub.connectionStatus?.()).toEqual({ state: 'connected' });
  });

  it('refuses a message whose keys are not columns, naming them and the columns', async () => {
    const { table, context } = await freshTable('id bigserial PRIMARY KEY, a int, b text');
    const pub = await publisher(context);
    const refused = pub.publish([{ a: 1 }, { a: 2, colour: 'red', 'x"y': 1 }]) as Promise<void>;
    // A PayloadError: the engine records it on the node and does not retry it.
    await expect(refused).rejects.toThrow(PayloadError);
    await expect(refused).rejects.toThrow(/no columns "colour", "x"y".*its columns: id, a, b/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${table}"`);
    expect(rows[0]).toEqual({ n: 0 });
    // A value the column cannot hold, a NOT NULL or unique violation: refused as well.
    await expect(pub.publish([{ a: 'not a number' }])).rejects.toThrow(PayloadError);
    await expect(pub.publish([{ id: 1 }, { id: 1 }])).rejects.toThrow(/refused the batch.*unique/);
    // The publisher goes on with messages that fit.
    await pub.publish([{ a: 3 }]);
    expect((await db.query(`SELECT a FROM "${table}"`)).rows).toEqual([{ a: 3 }]);
  });

  it('stores an SQL injection attempt verbatim, as a value', async () => {
    const { table, context } = await freshTable('id bigserial PRIMARY KEY, name text, doc jsonb');
    const evil = `x'); DROP TABLE "${table}"; --`;
    const pub = await publisher(context);
    await pub.publish([{ name: evil, doc: { q: `"'; DELETE FROM "${table}"; --` } }]);
    await pub.publish([{ name: `$1 ${evil}` }]);
    const { sink } = await subscribe(context);
    await eventually(() => sink.messages.length === 2, 'both rows');
    expect(sink.messages.map((m) => m.name)).toEqual([evil, `$1 ${evil}`]);
    expect(sink.messages[0]?.doc).toEqual({ q: `"'; DELETE FROM "${table}"; --` });
  });

  it("hands a test message to the node as if read, without a row in the user's table (issue 18)", async () => {
    const { table, context } = await freshTable('id bigserial PRIMARY KEY, name text');
    const pub = await publisher(context);
    await pub.publish([{ name: 'stored' }]);
    const { subscriber, sink } = await subscribe(context);
    await eventually(() => sink.messages.length === 1, 'the stored row');
    await subscriber.inject?.({ name: 'test message' });
    expect(sink.messages.map((m) => m.name)).toEqual(['stored', 'test message']);
    await wait(200); // a few polls: no row comes back
    expect(sink.messages).toHaveLength(2);
    expect((await db.query(`SELECT name FROM "${table}"`)).rows).toEqual([{ name: 'stored' }]);
    await subscriber.stop();
    await expect(subscriber.inject?.({ name: 'stopped' })).rejects.toThrow(/start the DAG first/);
  });

  it('rejects rows of a jsonb message table whose payload is not an object, with their row', async () => {
    const { table, context } = await freshTable('id bigserial PRIMARY KEY, payload jsonb');
    const pub = await publisher(context);
    await pub.publish([{ first: 1 }]);
    await db.query(`INSERT INTO "${table}" (payload) VALUES ('[1,2]'), (NULL), ('"text"')`);
    await pub.publish([{ last: { deep: true } } as Message]);
    const { sink } = await subscribe(context);
    await eventually(
      () => sink.messages.length === 2 && sink.rejected.length === 3,
      'two messages and three rejects',
    );
    expect(sink.messages).toEqual([{ first: 1 }, { last: { deep: true } }]);
    expect(sink.rejected.map((r) => [r.reason, r.preview, r.origin])).toEqual([
      ['not a JSON object', '[1,2]', `${table}:2`],
      ['payload is NULL', 'NULL', `${table}:3`],
      ['not a JSON object', '"text"', `${table}:4`],
    ]);
  });

  it('rejects rows nested deeper than the limit (a payload column or a jsonb column), and goes on', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const reason = `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`;
    const message = await freshTable('id bigserial PRIMARY KEY, payload jsonb');
    await db.query(`INSERT INTO "${message.table}" (payload) VALUES ($1), ('{"ok":1}')`, [deep]);
    const fromPayload = await subscribe(message.context);
    const plain = await freshTable('id bigserial PRIMARY KEY, doc jsonb');
    await db.query(`INSERT INTO "${plain.table}" (doc) VALUES ($1), ('{"ok":2}')`, [deep]);
    const fromRow = await subscribe(plain.context);
    for (const [{ sink }, table, ok] of [
      [fromPayload, message.table, { ok: 1 }],
      [fromRow, plain.table, { id: '2', doc: { ok: 2 } }],
    ] as const) {
      await eventually(() => sink.messages.length === 1 && sink.rejected.length === 1, table);
      expect(sink.rejected.map((r) => [r.reason, r.origin])).toEqual([[reason, `${table}:1`]]);
      expect(sink.messages).toEqual([ok]);
    }
  });

  it('reports a connection it cannot make as reconnecting, without the password', async () => {
    const context = adapterContext(unique('sub'), {
      sql: {
        src: { url: 'postgres://flow:S3cretPw@127.0.0.1:1/flow_test', table: 'whatever' },
      },
    });
    const { subscriber, sink } = await subscribe(context);
    await eventually(() => sink.statuses.some((s) => s.state === 'reconnecting'), 'reconnecting');
    const status = sink.statuses.find((s) => s.state === 'reconnecting');
    expect(status?.error).toMatch(/ECONNREFUSED|connect/);
    expect(status?.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    expect(JSON.stringify(sink.statuses)).not.toContain('S3cretPw');
    // It keeps retrying by itself.
    await eventually(
      () => sink.statuses.filter((s) => s.state === 'reconnecting').length >= 2,
      'a second attempt',
    );
    await subscriber.stop();

    // The publisher refuses the batch (the engine retries it) and shows why, without password.
    const pub = await publisher(context);
    const published = pub.publish([{ a: 1 }]) as Promise<void>;
    await expect(published).rejects.toThrow(AdapterError);
    await expect(published).rejects.toThrow(/ECONNREFUSED|connect/);
    expect(pub.connectionStatus?.()).toMatchObject({ state: 'reconnecting' });
    expect(pub.connectionStatus?.().error).toMatch(/ECONNREFUSED|connect/);
    expect(JSON.stringify(pub.connectionStatus?.())).not.toContain('S3cretPw');
  });

  it('shows a missing source on the node and keeps the DAG alive', async () => {
    const context = adapterContext(unique('sub'), {
      sql: { other: { url: services.postgres, table: 'x' } },
    });
    const subscriber = sqlSubscriberAdapter.createSubscriber(
      sqlSubscriberAdapter.configSchema.parse({ source: 'sql://nosuch' }),
      context,
    );
    const sink = new RecordingSink();
    await subscriber.start(sink, new AbortController().signal);
    running.push(subscriber);
    await eventually(() => sink.statuses.some((s) => s.state === 'reconnecting'), 'an error');
    expect(sink.statuses.find((s) => s.error)?.error).toMatch(
      /no sql connection named "nosuch".*known: other/,
    );
    const pub = await publisher(context, 'sql://nosuch');
    expect(pub.connectionStatus?.().error).toMatch(/no sql connection named "nosuch"/);
    await expect(pub.publish([{ a: 1 }])).rejects.toThrow(/no sql connection named "nosuch"/);
  });
});
