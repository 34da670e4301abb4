import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DagSummary, LiveNode } from '../../trpc';
import { FIGURES_EVERY_MS, useLive, type LiveEvent } from './store';

const dag = { name: 'orders', state: 'running' } as DagSummary;
const node = (name: string, computeCount: number, errorCount = 0) =>
  ({ name, computeCount, errorCount, rate: 10 }) as LiveNode;
const event = (type: LiveEvent['type'], ...nodes: LiveNode[]): LiveEvent => ({
  type,
  dag,
  nodes,
});

describe('live store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useLive.getState().reset();
  });
  afterEach(() => vi.useRealTimers());

  it('shows a snapshot at once, figures included', () => {
    useLive.getState().apply(event('snapshot', node('a', 1), node('b', 2)));
    expect(useLive.getState().nodes.b?.computeCount).toBe(2);
    expect(useLive.getState().figures.b?.computeCount).toBe(2);
  });

  it('updates the figures at most once a second, and once more after the last update', () => {
    useLive.getState().apply(event('snapshot', node('a', 1)));
    vi.advanceTimersByTime(100);
    useLive.getState().apply(event('delta', node('a', 2)));
    vi.advanceTimersByTime(100);
    useLive.getState().apply(event('delta', node('a', 3, 1)));
    // What the node is doing follows at once; its figures wait.
    expect(useLive.getState().nodes.a).toMatchObject({ computeCount: 3, errorCount: 1 });
    expect(useLive.getState().figures.a?.computeCount).toBe(1);
    vi.advanceTimersByTime(FIGURES_EVERY_MS - 200);
    // No update came after the last one, and the figures still show it.
    expect(useLive.getState().figures.a?.computeCount).toBe(3);
  });

  it('merges a delta into the nodes it does not name', () => {
    useLive.getState().apply(event('snapshot', node('a', 1), node('b', 1)));
    useLive.getState().apply(event('delta', node('b', 5)));
    expect(Object.keys(useLive.getState().nodes)).toEqual(['a', 'b']);
    expect(useLive.getState().nodes.b?.computeCount).toBe(5);
  });

  it('knows no node named constructor or toString until one comes (finding 17)', () => {
    const [constructor, toString]: string[] = ['constructor', 'toString'];
    useLive.getState().apply(event('snapshot', node('a', 1)));
    expect(useLive.getState().nodes[constructor as string]).toBeUndefined();
    expect(useLive.getState().figures[toString as string]).toBeUndefined();
    useLive.getState().apply(event('delta', node('constructor', 4)));
    expect(useLive.getState().nodes[constructor as string]?.computeCount).toBe(4);
  });

  it('holds updates while paused and shows them on resume', () => {
    useLive.getState().apply(event('snapshot', node('a', 1)));
    useLive.getState().setPaused(true);
    useLive.getState().apply(event('delta', node('a', 7)));
    expect(useLive.getState().nodes.a?.computeCount).toBe(1);
    useLive.getState().setPaused(false);
    expect(useLive.getState().nodes.a?.computeCount).toBe(7);
  });
});

describe('the one rate a node shows', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useLive.getState().reset();
  });
  afterEach(() => {
    useLive.getState().reset();
    vi.useRealTimers();
  });

  it('is sampled once a second, and the figures on the canvas carry the same', () => {
    const beat = (computeCount: number, rate: number) => ({ ...node('beat', computeCount), rate });
    useLive.getState().apply(event('snapshot', beat(10, 0)));
    // The engine's rate over its last second swings with the phase of the ticks.
    for (const [count, rate] of [
      [11, 2],
      [12, 0],
      [13, 1],
      [14, 2],
      [15, 0],
    ] as const) {
      useLive.getState().apply(event('delta', beat(count, rate)));
      vi.advanceTimersByTime(1000);
    }
    const { rates, figures, nodes, sampled } = useLive.getState();
    expect(sampled).toBeGreaterThanOrEqual(5);
    expect(rates.beat).toBe(1);
    expect(figures.beat?.rate).toBe(1);
    expect(nodes.beat?.rate).toBe(0);
  });
});
