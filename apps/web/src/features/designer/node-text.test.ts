import { describe, expect, it } from 'vitest';
import type { LiveNode } from '@flow/shared';
import { liveLine, nodeSummary, sameLiveLine } from './node-text';

const node = (extra: Partial<LiveNode> = {}): LiveNode =>
  ({ name: 'n', rate: 2, errorCount: 0, computeCount: 40, ...extra }) as LiveNode;

describe("a FilterCalculator's counts on the canvas", () => {
  it('shows how many messages were filtered beside those that passed', () => {
    const line = liveLine(node({ filteredCount: 1500 }), undefined);
    expect(line.count).toBe('40');
    expect(line.filtered).toBe('1500');
    expect(nodeSummary('big', 'calculator', 'FilterCalculator', node({ filteredCount: 3 }))).toBe(
      'big, calculator FilterCalculator: 2.0 messages a second, 40 passed, 3 filtered, 0 errors',
    );
  });

  it('shows no filtered count for other nodes, and a change of it is a change of the line', () => {
    expect(liveLine(node(), undefined).filtered).toBeNull();
    expect(nodeSummary('add', 'calculator', 'AdditionCalculator', node())).toContain('40 computed');
    const before = liveLine(node({ filteredCount: 3 }), undefined);
    expect(sameLiveLine(before, liveLine(node({ filteredCount: 4 }), undefined))).toBe(false);
  });
});

describe('warnings on the node', () => {
  it('counts them apart from errors, and a new warning is a change of the line', () => {
    const line = liveLine(node({ warningCount: 3, errorCount: 1 }), undefined);
    expect([line.errors, line.warnings]).toEqual(['1', '3']);
    expect(liveLine(node({ warningCount: 0 }), undefined).warnings).toBeNull();
    expect(sameLiveLine(line, liveLine(node({ warningCount: 4, errorCount: 1 }), undefined))).toBe(
      false,
    );
  });
});

describe("the node's rate", () => {
  it('is the one the canvas shows (its figures), and flowing when that rate is', () => {
    const line = liveLine(node({ rate: 0 }), node({ rate: 1 }));
    expect(line.rate).toBe('1.0');
    expect(line.on).toBe(true);
  });
});
