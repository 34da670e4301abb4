import { describe, expect, it } from 'vitest';
import { builtinCatalog, validateDag, type ComponentCatalog } from './validate';

/**
 * Review of the original format's additions (issue 15) as an analyst saving a file with huge or
 * hostile values: each is a bounded problem at its place, and no warning carries a value.
 */
function original(
  subscribers: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'review',
    subscribers,
    nodes: [{ name: 'src', type: 'SubscriptionNode', subscriber: 'f', config: {} }],
    edges: [],
    ...extra,
  };
}

function reply(dag: unknown, catalog: ComponentCatalog = builtinCatalog) {
  const result = validateDag(dag, catalog);
  return { result, size: JSON.stringify(result).length };
}

describe('a fanin naming many subscribers', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`).join(',');

  it('past the URI limit is one problem at its place, not one per name', () => {
    const { result, size } = reply(
      original([{ name: 'f', config: { source: `fanin://${names(20_000)}` } }]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      [
        '$.subscribers[0].config.source',
        'must be at most 2048 characters long, got 128897 characters',
      ],
    ]);
    expect(size).toBeLessThan(10_000);
  });

  it('within the URI limit lists each unknown name without repeating the whole URI', () => {
    const { result, size } = reply(
      original([{ name: 'f', config: { source: `fanin://${names(400)}` } }]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(400);
    expect(result.problems[0]?.message).toBe(
      'reads subscriber "x0", which is not defined under subscribers',
    );
    expect(size).toBeLessThan(100_000);
  });
});
