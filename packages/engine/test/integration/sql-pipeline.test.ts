import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DagServer } from '../../src/index';
import { eventually } from './contract';
import { restartService } from './restart';
import { requireService, services, unique } from './services';

let pool: pg.Pool;
beforeAll(async () => {
  await requireService('PostgreSQL', services.postgres);
  pool = new pg.Pool({ connectionString: services.postgres, max: 2 });
  pool.on('error', () => {}); // idle clients die when PostgreSQL restarts; queries retry below
});
afterAll(async () => {
  await pool.end();
});

async function query<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await pool.query<T>(text, values);
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('SQL pipeline', () => {
  it('recovers by itself when PostgreSQL restarts midway, and loses nothing', async () => {
    const input = unique('orders_in');
    const output = unique('totals_out');
    const count = 100_000;
    await query(
      `CREATE TABLE ${input} (id bigserial PRIMARY KEY, order_id int NOT NULL, a int NOT NULL, b int NOT NULL)`,
    );
    await query(
      `CREATE TABLE ${output} (id bigserial PRIMARY KEY, order_id int NOT NULL, sum int NOT NULL)`,
    );
    await query(
      `INSERT INTO ${input} (order_id, a, b) SELECT g, g, 1 FROM generate_series(0, ${count - 1}) AS g`,
    );

    const server = new DagServer({
      connections: {
        sql: {
          orders: { url: services.postgres, table: input, cursor_column: 'id' },
          totals: { url: services.postgres, table: output },
        },
      },
    });
    server.add({
      name: 'sql_restart',
      subscribers: [
        { name: 'in', config: { source: 'sql://orders', poll_interval_ms: 50, fetch_size: 200 } },
      ],
      publishers: [
        {
          name: 'out',
          config: { destination: 'sql://totals', batch_size: 100, publish_interval: 0.05 },
        },
      ],
      calculators: [
        {
          name: 'add',
          type: 'AdditionCalculator',
          config: { arguments: ['a', 'b'], output_attribute: 'sum' },
        },
      ],
      transformers: [
        {
          name: 'keep_order',
          type: 'AttributeFilterDataTransformer',
          config: { keep_attributes: ['order_id'] },
        },
      ],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
        { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
        { name: 'order', type: 'CalculationNode', config: {} },
        { name: 'join', type: 'CalculationNode', config: {} },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'src', to: 'calc' },
        { from: 'src', to: 'order', transformer: 'keep_order' },
        { from: 'order', to: 'join' },
        { from: 'calc', to: 'join' },
        { from: 'join', to: 'sink' },
      ],
    });
    await server.start('sql_restart');
    await eventually(
      () => server.details('sql_restart').nodes[0]!.computeCount > 2000,
      'the pipeline to get going',
    );
    await restartService('postgres');

    const deadline = Date.now() + 90_000;
    let distinct = 0;
    while (Date.now() < deadline) {
      distinct = Number(
        (await query<{ n: string }>(`SELECT count(DISTINCT order_id) AS n FROM ${output}`)).rows[0]
          ?.n,
      );
      if (distinct === count) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const total = Number(
      (await query<{ n: string }>(`SELECT count(*) AS n FROM ${output}`)).rows[0]?.n,
    );
    const wrong = Number(
      (await query<{ n: string }>(`SELECT count(*) AS n FROM ${output} WHERE sum <> order_id + 1`))
        .rows[0]?.n,
    );
    console.log(
      `postgres restart: ${count} rows, ${total} written, ${total - distinct} duplicates`,
    );
    expect(distinct).toBe(count);
    expect(wrong).toBe(0);
    expect(server.runtime('sql_restart').state).toBe('running');
    const issues = server
      .details('sql_restart')
      .nodes.flatMap((n) => n.errors.map((e) => `${n.name}: ${e.message}`));
    console.log(issues.join('\n'));
    expect(issues.length).toBeGreaterThan(0);
    await server.stop('sql_restart');
    await query(`DROP TABLE ${input}`);
    await query(`DROP TABLE ${output}`);
  }, 180_000);
});
