import { describe, expect, it } from 'vitest';
import {
  formatMegabytes,
  formatPercent,
  heapFraction,
  heapText,
  loadColor,
  placementText,
  restartsText,
} from './worker-view';

const MB = 1024 * 1024;

describe('worker view', () => {
  it('shows event-loop utilisation as a whole percentage, never above 100 %', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.004)).toBe('<1%');
    expect(formatPercent(0.374)).toBe('37%');
    expect(formatPercent(0.996)).toBe('100%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(Number.NaN)).toBe('0%');
  });

  it('shows the heap in megabytes, used of the limit', () => {
    expect(formatMegabytes(512 * MB)).toBe('512 MB');
    expect(formatMegabytes(1.4 * MB)).toBe('1 MB');
    expect(heapText({ heapUsedBytes: 45.3 * MB, heapLimitBytes: 528 * MB })).toBe('45 / 528 MB');
    expect(heapFraction({ heapUsedBytes: 132 * MB, heapLimitBytes: 528 * MB })).toBe(0.25);
    expect(heapFraction({ heapUsedBytes: 10 * MB, heapLimitBytes: 0 })).toBe(0);
    expect(heapFraction({ heapUsedBytes: 600 * MB, heapLimitBytes: 512 * MB })).toBe(1);
  });

  it('colours a load calm, then yellow, then red as it nears the limit', () => {
    expect(loadColor(0)).toBe('teal');
    expect(loadColor(0.59)).toBe('teal');
    expect(loadColor(0.6)).toBe('yellow');
    expect(loadColor(0.85)).toBe('red');
  });

  it('says how many of the placed DAGs run', () => {
    expect(placementText({ dags: [], running: 0 })).toBe('no DAGs');
    expect(placementText({ dags: ['a'], running: 1 })).toBe('1 DAG, running');
    expect(placementText({ dags: ['a'], running: 0 })).toBe('1 DAG, not running');
    expect(placementText({ dags: ['a', 'b', 'c'], running: 2 })).toBe('2 of 3 DAGs running');
  });

  it('counts restarts in words', () => {
    expect(restartsText(0)).toBe('no restarts');
    expect(restartsText(1)).toBe('1 restart');
    expect(restartsText(4)).toBe('4 restarts');
  });
});
