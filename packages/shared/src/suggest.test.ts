import { describe, expect, it } from 'vitest';
import { boundedEditDistance, KnownNames, MAX_SUGGESTIONS, Suggester } from './suggest';
import { validateDag } from './validate';

/** The plain, quadratic Levenshtein distance, to check the banded one against. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

describe('boundedEditDistance', () => {
  it('agrees with the full edit distance up to the bound, and says "over" past it', () => {
    const words = ['', 'a', 'ab', 'ba', 'abc', 'acb', 'abcd', 'xbcd', 'abxcd', 'dcba', 'orders_in'];
    const more = ['order_in', 'orders_ni', 'ordersin', 'Orders_in', 'borders_in', 'orders_out'];
    const all = [...words, ...more];
    for (const a of all)
      for (const b of all) {
        const full = editDistance(a, b);
        expect(boundedEditDistance(a, b, 2), `${a} / ${b}`).toBe(Math.min(full, 3));
      }
  });

  it('stops early on long, different names', () => {
    expect(boundedEditDistance('a'.repeat(10_000), 'b'.repeat(10_000), 2)).toBe(3);
  });
});

describe('Suggester', () => {
  const known = new KnownNames(['orders_in', 'totals_out', 'Orders_In2']);

  it('suggests the first name within two edits, ignoring case', () => {
    const s = new Suggester();
    expect(s.suggest('order_in', known)).toBe('; did you mean "orders_in"?');
    expect(s.suggest('ORDERS_IN', known)).toBe('; did you mean "orders_in"?');
    expect(s.suggest('totals', known)).toBe('');
    // Same length, every letter different: three edits or more is no suggestion.
    expect(s.suggest('nope', new KnownNames(['in_q']))).toBe('');
  });

  it(`makes at most ${MAX_SUGGESTIONS} suggestions per validation`, () => {
    const s = new Suggester();
    const made = Array.from({ length: MAX_SUGGESTIONS + 10 }, () => s.suggest('order_in', known));
    expect(made.filter((m) => m !== '')).toHaveLength(MAX_SUGGESTIONS);
  });

  it('bounds the work of a config with thousands of bad references (finding 5)', () => {
    // 2,000 nodes and 4,000 edges naming missing nodes took 15 s with a full comparison of every
    // pair; the figure to watch is `pnpm bench:validate`, this only catches a return to that.
    const nodes = Array.from({ length: 2_000 }, (_, i) => ({
      name: `node_${i}`,
      type: 'CalculationNode',
      config: {},
    }));
    const edges = Array.from({ length: 4_000 }, (_, i) => ({ from: `nose_${i}`, to: `mode_${i}` }));
    const started = performance.now();
    const result = validateDag({ name: 'big', nodes, edges });
    expect(performance.now() - started).toBeLessThan(5_000);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toHaveLength(8_000);
    const suggested = result.problems.filter((p) => p.message.includes('did you mean'));
    expect(suggested[0]?.message).toBe(
      'edge from "nose_0": no node has that name; did you mean "node_0"?',
    );
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  });
});
