import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_NAME_LENGTH } from './limits';
import type { Problem } from './problems';
import { validateDag, validateDagJson } from './validate';

/** A small valid DAG: one subscriber, one calculator, one publisher, in a line. */
function dag(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'limits',
    subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
    publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
    calculators: [{ name: 'add', type: 'AdditionCalculator', config: { arguments: ['a'] } }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'calc' },
      { from: 'calc', to: 'sink' },
    ],
    ...patch,
  };
}

function problemsOf(value: unknown): Problem[] {
  const result = validateDag(value);
  if (result.ok) throw new Error('expected problems, but the DAG was accepted');
  return result.problems;
}

const where = (problems: readonly Problem[]) =>
  problems.map(({ path, code }) => `${code} ${path}`).sort();

const nested = (depth: number): unknown => {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('validateDag: nesting (finding 15)', () => {
  it('refuses a config nested 2,000 levels with the path where the limit is crossed', () => {
    const deep = dag({ ui: { layout: nested(2_000) } });
    const problems = problemsOf(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('too_deep');
    // $ is level 0, ui 1, layout 2: the object at level 64 is where it is refused.
    expect(problems[0]?.path).toBe(`$.ui.layout${'.a'.repeat(MAX_JSON_DEPTH - 2)}`);
  });

  it('walks 100,000 levels (in a component config) without overflowing the stack', () => {
    const calculators = [{ name: 'add', type: 'AdditionCalculator', config: nested(100_000) }];
    const [problem] = problemsOf(dag({ calculators }));
    expect(problem?.code).toBe('too_deep');
    expect(problem?.path).toMatch(/^\$\.calculators\[0\]\.config(\.a)+$/);
  });

  it('still lists the other problems of a config that nests too deep', () => {
    const config = dag({ ui: nested(500), edges: [{ from: 'src', to: 'clac' }] });
    expect(where(problemsOf(config))).toEqual([
      `too_deep $.ui${'.a'.repeat(MAX_JSON_DEPTH - 1)}`,
      'unknown_reference $.edges[0].to',
    ]);
  });

  it('accepts nesting up to the limit', () => {
    expect(validateDag(dag({ ui: nested(MAX_JSON_DEPTH - 3) })).ok).toBe(true);
  });

  it('refuses deep JSON text too', () => {
    const text = `{"name":"x","nodes":[],"ui":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const result = validateDagJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['too_deep']);
  });
});

describe('validateDag: names of Object.prototype (finding 17)', () => {
  for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`refuses the calculator and transformer type "${type}"`, () => {
      const problems = problemsOf(
        dag({
          calculators: [{ name: 'add', type, config: {} }],
          transformers: [{ name: 't', type, config: {} }],
        }),
      );
      expect(where(problems)).toEqual([
        'unknown_type $.calculators[0].type',
        'unknown_type $.transformers[0].type',
      ]);
    });

    it(`refuses the URI scheme "${type}://x" and the plugin custom://${type}`, () => {
      const problems = problemsOf(
        dag({
          subscribers: [{ name: 'in', config: { source: `${type}://x` } }],
          publishers: [
            { name: 'out', config: { destination: `custom://${type}` } },
            {
              name: 'out2',
              config: { destination: `${type}:x` },
            },
          ],
        }),
      );
      expect(where(problems)).toEqual([
        'unknown_scheme $.publishers[1].config.destination',
        'unknown_scheme $.subscribers[0].config.source',
        'unknown_type $.publishers[0].config.destination',
      ]);
    });
  }

  it(`refuses a dead_letter whose scheme is "constructor"`, () => {
    const subscribers = [
      { name: 'in', config: { source: 'mem://queue/in', dead_letter: 'constructor://x' } },
    ];
    expect(where(problemsOf(dag({ subscribers })))).toEqual([
      'unknown_scheme $.subscribers[0].config.dead_letter',
    ]);
  });

  it('accepts components and nodes named constructor and toString', () => {
    const config = dag({
      calculators: [{ name: 'constructor', type: 'NullCalculator', config: {} }],
      nodes: [
        { name: 'toString', type: 'SubscriptionNode', config: { subscriber: 'in' } },
        { name: 'constructor', type: 'CalculationNode', config: { calculator: 'constructor' } },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'toString', to: 'constructor' },
        { from: 'constructor', to: 'sink' },
      ],
    });
    expect(validateDag(config).ok).toBe(true);
  });

  it('refuses __proto__ as a name (names become keys)', () => {
    const nodes = [{ name: '__proto__', type: 'MetronomeNode', config: { interval_ms: 5 } }];
    expect(where(problemsOf(dag({ name: '__proto__', nodes, edges: [] })))).toEqual([
      'invalid_name $.name',
      'invalid_name $.nodes[0].name',
    ]);
  });

  it('does not take a reference to "constructor" as defined when nothing has that name', () => {
    const nodes = [
      { name: 'calc', type: 'CalculationNode', config: { calculator: 'constructor' } },
    ];
    expect(where(problemsOf(dag({ nodes, edges: [] })))).toEqual([
      'unknown_reference $.nodes[0].config.calculator',
    ]);
  });
});

describe('validateDag: characters and keys PostgreSQL and objects cannot keep (findings 18, 19)', () => {
  it('refuses a NUL character in a description, with its path', () => {
    const nodes = [
      { name: 'tick', type: 'MetronomeNode', description: 'a\u0000b', config: { interval_ms: 5 } },
    ];
    const problems = problemsOf(dag({ nodes, edges: [] }));
    expect(where(problems)).toEqual(['invalid_character $.nodes[0].description']);
  });

  it('refuses a NUL character in a key', () => {
    const problems = problemsOf(JSON.parse('{"name":"x","nodes":[],"ui":{"a\\u0000":1}}'));
    expect(where(problems)).toEqual(['invalid_character $.ui["a\\u0000"]']);
  });

  it('refuses a __proto__ key as reserved, and reports nothing else for it', () => {
    const config = JSON.parse(
      '{"name":"x","nodes":[],"ui":{"__proto__":{"polluted":true}},"__proto__":{"a":1}}',
    ) as unknown;
    expect(where(problemsOf(config))).toEqual([
      'reserved_key $.__proto__',
      'reserved_key $.ui.__proto__',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateDag: lengths (finding 20)', () => {
  const named = (name: string) => dag({ name });

  it(`accepts a name of ${MAX_NAME_LENGTH} characters`, () => {
    expect(validateDag(named('n'.repeat(MAX_NAME_LENGTH))).ok).toBe(true);
  });

  for (const length of [MAX_NAME_LENGTH + 1, 5_000, 900_000]) {
    it(`refuses a name of ${length} characters as too_long`, () => {
      const [problem, ...rest] = problemsOf(named('n'.repeat(length)));
      expect(rest).toEqual([]);
      expect(problem).toEqual({
        path: '$.name',
        segments: ['name'],
        code: 'too_long',
        message: `must be at most ${MAX_NAME_LENGTH} characters long, got ${length} characters`,
      });
    });
  }

  it('refuses long node names and references without suggesting anything for them', () => {
    const long = 'x'.repeat(5_000);
    const nodes = [
      { name: long, type: 'MetronomeNode', config: { interval_ms: 5 } },
      { name: 'calc', type: 'CalculationNode', config: { calculator: long } },
    ];
    const problems = problemsOf(dag({ nodes, edges: [{ from: long, to: 'calc' }] }));
    expect(where(problems)).toEqual([
      'too_long $.edges[0].from',
      'too_long $.nodes[0].name',
      'too_long $.nodes[1].config.calculator',
    ]);
  });

  it('bounds attribute names, mapping keys, URIs and the timezone', () => {
    const long = 'k'.repeat(300);
    const problems = problemsOf(
      dag({
        timezone: 'T'.repeat(100),
        subscribers: [{ name: 'in', config: { source: `mem://queue/${'q'.repeat(3_000)}` } }],
        calculators: [
          { name: 'add', type: 'AdditionCalculator', config: { arguments: [long] } },
          {
            name: 'ren',
            type: 'AttributeNameChangeCalculator',
            config: { name_mapping: { [long]: 'b' } },
          },
          {
            name: 'out',
            type: 'AdditionCalculator',
            config: { arguments: ['a'], output_attribute: long },
          },
        ],
      }),
    );
    expect(where(problems)).toEqual([
      'too_long $.calculators[0].config.arguments[0]',
      `too_long $.calculators[1].config.name_mapping.${long}`,
      'too_long $.calculators[2].config.output_attribute',
      'too_long $.subscribers[0].config.source',
      'too_long $.timezone',
    ]);
  });
});
