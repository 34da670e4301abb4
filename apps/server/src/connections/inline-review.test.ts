import { describe, expect, it } from 'vitest';
import { HostPolicy } from '@flow/engine';
import { inlineHostProblems } from './inline';

/**
 * Inline hosts of a save are resolved one by one: a file naming thousands of broker names (the
 * original format's bootstrap_servers string makes that one line) must not become thousands of
 * DNS lookups and problems (issue 15).
 */
describe('a save naming thousands of inline hosts', () => {
  it('resolves each host:port once and at most a bounded number, with one problem past it', async () => {
    const resolved: string[] = [];
    const hosts = HostPolicy.parse('127.0.0.1:9092', (name) => {
      resolved.push(name);
      return Promise.resolve(['10.9.9.9']);
    });
    const names = Array.from({ length: 5_000 }, (_, i) => `h${i}.example:9092`);
    const config = {
      name: 'd',
      subscribers: [
        { name: 'a', config: { source: 'kafka://topic/t', bootstrap_servers: names.join(',') } },
        { name: 'b', config: { source: 'kafka://topic/t', brokers: names } },
        { name: 'c', config: { source: 'kafka://topic/t', brokers: names.slice(0, 3) } },
      ],
    };
    const problems = await inlineHostProblems(config, hosts);
    expect(resolved.length).toBeLessThanOrEqual(100);
    expect(new Set(resolved).size).toBe(resolved.length);
    expect(problems.length).toBeLessThanOrEqual(101);
    expect(problems.at(-1)).toMatchObject({
      code: 'host_not_allowed',
      message:
        'more than 100 inline hosts to check: the rest are not checked; use named connections (FLOW_CONNECTIONS)',
    });
  });
});
