import { describe, expect, it } from 'vitest';
import { RATE_SAMPLES, RATE_WINDOW, RateHistory, shownRate, windowRate } from './rate-history';

const at = (computeCount: number, rate = 0) => ({ computeCount, rate });

describe('the rate a node shows', () => {
  it("is the engine's until two samples span a second, then the count's growth a second", () => {
    expect(windowRate([], [], 3)).toBe(3);
    expect(windowRate([5], [0], 3)).toBe(3);
    expect(windowRate([5, 6], [0, 500], 3)).toBe(3);
    expect(windowRate([5, 6, 9], [0, 1000, 2000], 3)).toBe(2);
  });

  it('reads 1/s for a metronome at 1/s, whatever the phase of its ticks', () => {
    const history = new RateHistory();
    // The engine's rate over its last second says 0, 1 or 2 by phase; the count grows by 1 a second.
    const engine = [0, 2, 0, 1, 2, 0, 1, 0];
    for (let s = 0; s < engine.length; s++)
      history.sample(s * 1000, { beat: at(100 + s, engine[s]) });
    expect(history.rate('beat')).toBe(1);
    expect(shownRate(history.rates(), { name: 'beat', rate: 0 })).toBe(1);
    expect(shownRate(history.rates(), { name: 'other', rate: 4 })).toBe(4);
  });

  it('keeps RATE_SAMPLES points per node, oldest first, and forgets nodes that are gone', () => {
    const history = new RateHistory();
    for (let s = 0; s <= RATE_SAMPLES + 10; s++)
      history.sample(s * 1000, { a: at(s * 2), b: at(0) });
    const points = history.points('a');
    expect(points).toHaveLength(RATE_SAMPLES);
    expect(points.at(-1)).toBe(2);
    expect(history.points('b').every((p) => p === 0)).toBe(true);
    history.sample((RATE_SAMPLES + 11) * 1000, { a: at(1000) });
    expect(history.points('b')).toEqual([]);
    expect(history.rate('b')).toBeUndefined();
  });

  it('starts again when the count goes back (the DAG restarted), over at most RATE_WINDOW seconds', () => {
    const history = new RateHistory();
    for (let s = 0; s < 10; s++) history.sample(s * 1000, { a: at(s < 5 ? s * 100 : s - 5, 7) });
    // After the restart the count grows by 1 a second; before, by 100.
    expect(history.rate('a')).toBe(1);
    for (let s = 10; s < 10 + RATE_WINDOW + 1; s++)
      history.sample(s * 1000, { a: at(5 + (s - 10) * 3) });
    expect(history.rate('a')).toBe(3);
  });
});
