import { describe, expect, it } from 'vitest';
import { DagServer } from '@flow/engine';
import { MetricsCache, renderMetrics } from './metrics';

describe('the metrics cache', () => {
  it('renders at most once a second, however many scrape', async () => {
    let now = 0;
    let renders = 0;
    const cache = new MetricsCache(
      () => `render ${++renders}`,
      1000,
      () => now,
    );
    const texts = await Promise.all(
      Array.from({ length: 20 }, async () => (await cache.get()).toString()),
    );
    expect(new Set(texts)).toEqual(new Set(['render 1']));
    now = 999;
    expect((await cache.get()).toString()).toBe('render 1');
    now = 1000;
    expect((await cache.get()).toString()).toBe('render 2');
    expect(renders).toBe(2);
  });

  it('lets scrapes that come during a slow render wait for it instead of rendering again', async () => {
    let renders = 0;
    let finish: (() => void) | undefined;
    const cache = new MetricsCache(async () => {
      renders++;
      await new Promise<void>((resolve) => (finish = resolve));
      return 'slow';
    }, 0);
    const scrapes = Array.from({ length: 5 }, () => cache.get());
    await Promise.resolve();
    finish?.();
    const texts = await Promise.all(scrapes);
    expect(texts.map(String)).toEqual(['slow', 'slow', 'slow', 'slow', 'slow']);
    expect(renders).toBe(1);
  });
});

describe('node metrics', () => {
  it('count the messages a filter stopped, and count them in', async () => {
    const server = new DagServer();
    server.add({
      name: 'f',
      subscribers: [{ name: 'in', config: { source: 'mem://queue/f_in' } }],
      publishers: [{ name: 'out', config: { destination: 'mem://queue/f_out' } }],
      calculators: [{ name: 'big', type: 'FilterCalculator', config: { condition: 'n > 1' } }],
      nodes: [
        { name: 'source', type: 'SubscriptionNode', config: { subscriber: 'in' } },
        { name: 'filter', type: 'CalculationNode', config: { calculator: 'big' } },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'source', to: 'filter' },
        { from: 'filter', to: 'sink' },
      ],
    });
    await server.start('f');
    try {
      for (const n of [1, 2, 3, 0]) server.broker.queue('f_in').push({ n });
      const end = Date.now() + 5000;
      while (server.details('f').nodes.find((n) => n.name === 'source')?.computeCount !== 4) {
        if (Date.now() > end) throw new Error('the DAG did not take the messages in time');
        await new Promise((r) => setTimeout(r, 10));
      }
      const text = await renderMetrics(server, 1);
      const labels = '{dag="f",node="filter",type="CalculationNode"}';
      expect(text).toContain(`flow_node_filtered_total${labels} 2`);
      expect(text).toContain(`flow_node_messages_out_total${labels} 2`);
      expect(text).toContain(`flow_node_messages_in_total${labels} 4`);
      expect(text).not.toContain('flow_node_filtered_total{dag="f",node="sink"');
    } finally {
      await server.stopAll();
    }
  });
});
