import { describe, expect, it } from 'vitest';
import { MetricsCache } from './metrics';

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
