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

describe('values of the file in messages', () => {
  const SECRET = 'S3cr3t-value';
  const withSecrets = original(
    [
      {
        name: 'f',
        config: {
          source: 'kafka://topic/t',
          consumer_config: {
            auto_offset_reset: SECRET,
            'sasl.password': SECRET,
            ssl_keyfile_password: SECRET,
            fetch_max_wait_ms: SECRET,
          },
          producer_config: { 'sasl.password': SECRET },
          max_retries: SECRET,
          watch_interval: SECRET,
        },
      },
      {
        name: 'a',
        config: {
          source: 'activemq://queue/q',
          host: SECRET,
          username: SECRET,
          password: SECRET,
          exchange: SECRET,
          ssl_password: SECRET,
        },
      },
    ],
    {
      version: SECRET,
      _comment: SECRET,
      publishers: [
        {
          name: 'p',
          type: SECRET,
          config: { destination: 'mem://p_queue', max_size: 5, max_depth: 1 },
        },
      ],
      calculators: [
        {
          name: 'c',
          type: 'core.calculator.core_calculator.AdditionCalculator',
          config: { arguments: ['a'], output_attribute: 's', description: SECRET, token: SECRET },
        },
      ],
    },
  );

  it('no warning carries one (a Kafka sasl password, an ActiveMQ password, an offset)', () => {
    const { result } = reply(withSecrets, {
      ...builtinCatalog,
      connections: { stomp: ['activemq'] },
    });
    const warnings = result.warnings ?? [];
    expect(warnings.length).toBeGreaterThan(10);
    expect(warnings.filter((w) => JSON.stringify(w).includes(SECRET))).toEqual([]);
  });

  it('no problem carries a URI of another transport, which may hold a login', () => {
    const { result } = reply(
      original([{ name: 'f', config: { source: `https://user:${SECRET}@broker/t` } }]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.source', 'unsupported_feature'],
    ]);
    expect(JSON.stringify(result.problems)).not.toContain(SECRET);
  });

  it('no problem carries the URI of a Python delegate adapter either', () => {
    const source = `custom://user:${SECRET}@feed`;
    const config = { source, delegate_module: 'my.mod', delegate_class: 'Feed' };
    const { result } = reply(original([{ name: 'f', config }]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.code)).toContain('unsupported_feature');
    expect(JSON.stringify(result.problems)).not.toContain(SECRET);
  });

  it('a huge value is quoted cut short in its problem', () => {
    const huge = 'x'.repeat(500_000);
    const cases: Record<string, unknown>[] = [
      original([{ name: 'f', config: { source: 'mem://q' } }], { start_time: huge }),
      original([{ name: 'f', config: { source: 'mem://q' } }], { start_time: { a: huge } }),
      original([{ name: 'f', config: { source: 'mem://q' } }], {
        start_time: '0900',
        duration: huge,
      }),
      original([{ name: 'f', config: { source: `activemq://queue/${huge}` } }]),
      original([{ name: 'f', config: { source: 'mem://q' } }], {
        calculators: [{ name: 'c', type: `a.${huge}` }],
        transformers: [{ name: 't', type: `JavaTransformer${huge}` }],
      }),
      original([{ name: 'f', config: { source: 'mem://q' } }], {
        nodes: [
          { name: 'n', type: `pkg.${huge}`, subscriber: 'f' },
          { name: 'm', type: `BatchingX${huge}Node`, subscriber: 'f' },
          { name: 'o', publisher: { huge } },
        ],
      }),
    ];
    for (const dag of cases) {
      const { result, size } = reply(dag, { ...builtinCatalog, connections: { stomp: [] } });
      expect(result.ok).toBe(false);
      expect(size).toBeLessThan(10_000);
    }
  });
});

describe('a metronome interval out of range', () => {
  const beat = (interval: number) =>
    original([{ name: 'f', config: { source: 'metronome', interval } }], {
      nodes: [
        { name: 'src', type: 'SubscriptionNode', subscriber: 'f', config: {} },
        { name: 'beat', type: 'MetronomeNode', config: { interval } },
      ],
    });
  const problemsOf = (dag: unknown) => {
    const result = validateDag(dag);
    return result.ok ? [] : result.problems.map((p) => [p.path, p.message]);
  };

  it('below a millisecond is a problem at interval, not a 1 ms flood', () => {
    const message = 'interval must be from 0.001 to 2147483 seconds (about 24 days)';
    expect(problemsOf(beat(0.000001))).toEqual([
      ['$.subscribers[0].config.interval', message],
      ['$.nodes[1].config.interval', message],
    ]);
  });

  it("past a timer's range (24.8 days) is a problem: a timer past it fires every millisecond", () => {
    const message = 'interval must be from 0.001 to 2147483 seconds (about 24 days)';
    expect(problemsOf(beat(3_000_000))).toEqual([
      ['$.subscribers[0].config.interval', message],
      ['$.nodes[1].config.interval', message],
    ]);
    expect(problemsOf(beat(2_147_483))).toEqual([]);
  });

  it('in our format, interval_ms past the range is a problem too', () => {
    const ours = {
      name: 'ours',
      subscribers: [{ name: 'f', config: { source: 'metronome', interval_ms: 2 ** 31 } }],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'f' } },
        { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 2 ** 31 } },
      ],
      edges: [],
    };
    expect(problemsOf(ours).map(([path]) => path)).toEqual([
      '$.nodes[1].config.interval_ms',
      '$.subscribers[0].config.interval_ms',
    ]);
  });
});

describe('an activemq:// subscriber without its connection', () => {
  it('is one problem naming the connection to add, not unknown keys for its login', () => {
    const dag = original([
      {
        name: 'f',
        config: { source: 'activemq://queue/q', host: 'h', password: 'pw', exchange: 'x' },
      },
    ]);
    const result = validateDag(dag, { ...builtinCatalog, connections: { stomp: [] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.source', 'connection_required'],
    ]);
    expect(result.warnings?.map((w) => w.path)).toEqual([
      '$.subscribers[0].config.host',
      '$.subscribers[0].config.password',
      '$.subscribers[0].config.exchange',
    ]);
  });
});

describe('a poll interval past the range of a timer', () => {
  it('is a problem at poll_interval_ms (a file or SQL source would poll every millisecond)', () => {
    const dag = {
      name: 'polls',
      subscribers: [
        { name: 'f', config: { source: 'file:in.jsonl', poll_interval_ms: 2 ** 31 } },
        { name: 's', config: { source: 'sql://db', poll_interval_ms: 2 ** 31 } },
      ],
      nodes: [
        { name: 'a', type: 'SubscriptionNode', config: { subscriber: 'f' } },
        { name: 'b', type: 'SubscriptionNode', config: { subscriber: 's' } },
      ],
      edges: [],
    };
    const result = validateDag(dag);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      '$.subscribers[0].config.poll_interval_ms',
      '$.subscribers[1].config.poll_interval_ms',
    ]);
  });
});
