import { describe, expect, it } from 'vitest';
import { MetricsCache } from './metrics';

describe('the metrics cache', () => {
  it('renders at most once a second, however many scrape', () => {
    let now = 0;
    let renders = 0;
    const cache = new MetricsCache(
      () => `render ${++renders}`,
      1000,
      () => now,
    );
    const texts = Array.from({ length: 20 }, () => cache.get().toString());
    expect(new Set(texts)).toEqual(new Set(['render 1']));
    now = 999;
    expect(cache.get().toString()).toBe('render 1');
    now = 1000;
    expect(cache.get().toString()).toBe('render 2');
    expect(renders).toBe(2);
  });
});
