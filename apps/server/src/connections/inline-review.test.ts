import { describe, expect, it } from 'vitest';
import { HostPolicy } from '@flow/engine';
import { builtinCatalog } from '@flow/shared';
import { readIncoming } from '../original-config';
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

describe("a host refused in the original format's bootstrap_servers", () => {
  it('is at its place in the file as written: the string, or the item of a list', async () => {
    const hosts = HostPolicy.parse('127.0.0.1:9092');
    const file = {
      name: 'd',
      subscribers: [
        {
          name: 'a',
          config: { source: 'kafka://topic/t', bootstrap_servers: '127.0.0.1:9092, 10.0.0.2:9092' },
        },
        {
          name: 'b',
          config: {
            source: 'kafka://topic/t',
            bootstrap_servers: ['127.0.0.1:9092', '10.0.0.3:9092'],
          },
        },
      ],
      nodes: [{ name: 'src', type: 'SubscriptionNode', subscriber: 'a', config: {} }],
      edges: [],
    };
    const read = readIncoming(file, builtinCatalog);
    const problems = (await inlineHostProblems(read.config, hosts)).map(
      (p) => read.original?.atOriginal(p).path,
    );
    expect(problems).toEqual([
      '$.subscribers[0].config.bootstrap_servers',
      '$.subscribers[1].config.bootstrap_servers[1]',
    ]);
  });
});
