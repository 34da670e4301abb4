import { builtinCatalog } from '@flow/shared';
import { describe, expect, it } from 'vitest';
import { originalFormatAudit, readIncoming } from './original-config';

/**
 * The audit entry of an original-format save is stored for good: a file of 1 MB can hold
 * thousands of ignored keys, each one a warning, some with keys of 100 kB (issue 15).
 */
describe("an original file's audit entry", () => {
  const file = (keys: Record<string, unknown>) => ({
    name: 'noisy',
    ...keys,
    subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
    nodes: [{ name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} }],
    edges: [],
  });

  it('lists at most 100 warnings, then how many more there are', () => {
    const keys = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`_comment${i}`, i]));
    const { original } = readIncoming(file(keys), builtinCatalog);
    expect(original?.warnings).toHaveLength(5_000);
    const audit = originalFormatAudit(original);
    expect(audit.warnings).toHaveLength(101);
    expect(audit.warnings?.[0]).toBe('$._comment0: _comment0 is ignored: a comment');
    expect(audit.warnings?.at(-1)).toBe('and 4900 more warnings');
  });

  it('cuts a line of a huge key short', () => {
    const key = `_${'k'.repeat(100_000)}`;
    const audit = originalFormatAudit(readIncoming(file({ [key]: 1 }), builtinCatalog).original);
    expect(audit.warnings).toHaveLength(1);
    expect(audit.warnings?.[0]?.length).toBeLessThanOrEqual(301);
  });
});
