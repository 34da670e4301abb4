import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from './problems';
import { builtinCatalog, validateDag, validateDagJson, type ComponentCatalog } from './validate';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

// ---- a small valid DAG to break one rule at a time ----

const subscribers = [{ name: 'orders_in', config: { source: 'mem://queue/orders' } }];
const publishers = [{ name: 'totals_out', config: { destination: 'mem://topic/totals' } }];
const calculators = [
  { name: 'add_ab', type: 'AdditionCalculator', config: { arguments: ['a', 'b'] } },
];
const transformers = [{ name: 'drop_secret', type: 'PassthruDataTransformer', config: {} }];
const src = { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'orders_in' } };
const calc = { name: 'calc', type: 'CalculationNode', config: { calculator: 'add_ab' } };
const sink = { name: 'sink', type: 'PublicationNode', config: { publishers: ['totals_out'] } };
const tick = { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000 } };

function dag(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'orders_enrich',
    subscribers,
    publishers,
    calculators,
    transformers,
    nodes: [src, calc, sink],
    edges: [
      { from: 'src', to: 'calc' },
      { from: 'calc', to: 'sink' },
    ],
    ...patch,
  };
}

/** A plain calculation node. */
const cn = (name: string, config: Record<string, unknown> = {}) => ({
  name,
  type: 'CalculationNode',
  config,
});
const edge = (from: string, to: string, transformer?: string) =>
  transformer === undefined ? { from, to } : { from, to, transformer };

function problemsOf(value: unknown, catalog?: ComponentCatalog): Problem[] {
  const result = validateDag(value, catalog);
  if (result.ok) throw new Error('expected problems, but the DAG was accepted');
  return result.problems;
}

/** Expects exactly one problem and returns it. */
function onlyProblem(value: unknown, catalog?: ComponentCatalog): Problem {
  const problems = problemsOf(value, catalog);
  expect(problems.map(({ path, code }) => ({ path, code }))).toHaveLength(1);
  return problems[0]!;
}

const where = (problems: readonly Problem[]) =>
  problems.map(({ path, code }) => `${code} ${path}`).sort();

describe('validateDag: a valid DAG', () => {
  it('accepts the fixture and applies the defaults', () => {
    const result = validateDag(fixture('valid.json'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { dag: d } = result;
    expect(d.name).toBe('orders_enrich');
    expect(d.propagate).toBe('every');
    expect(d.timezone).toBe('UTC');
    expect(d.subscribers[0]!.config).toEqual({ source: 'mem://queue/orders', max_depth: 10_000 });
    expect(d.publishers[0]!.config).toEqual({
      destination: 'file:///tmp/totals.jsonl',
      batch_size: 1,
      publish_interval: 0,
    });
    expect(d.calculators[0]!.config).toEqual({ arguments: ['a', 'b'], output_attribute: 'result' });
    expect(d.transformers[0]!.config).toEqual({ filter_attributes: ['secret'] });
    const calcNode = d.nodes.find((n) => n.name === 'calc');
    expect(calcNode?.config).toEqual({
      calculator: 'add_ab',
      input_transformers: ['drop_secret'],
      output_transformers: [],
    });
    expect(d.edges).toHaveLength(3);
    expect(d.ui).toEqual({ positions: { src: { x: 0, y: 0 } } });
  });

  it('keeps values that are given instead of the defaults', () => {
    const result = validateDag(
      dag({
        propagate: 'changes',
        timezone: 'Europe/London',
        start_time: '2200',
        end_time: '0600',
        subscribers: [{ name: 'orders_in', config: { source: 'mem://queue/o', max_depth: 5 } }],
        publishers: [
          { name: 'totals_out', config: { destination: 'mem://queue/t', batch_size: 7 } },
        ],
        calculators: [
          {
            name: 'add_ab',
            type: 'AdditionCalculator',
            config: { arguments: ['a'], output_attribute: 'sum' },
          },
        ],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.dag.propagate).toBe('changes');
    expect(result.dag.timezone).toBe('Europe/London');
    expect(result.dag.start_time).toBe('2200');
    expect(result.dag.subscribers[0]!.config).toMatchObject({ max_depth: 5 });
    expect(result.dag.publishers[0]!.config).toMatchObject({ batch_size: 7 });
    expect(result.dag.calculators[0]!.config).toMatchObject({ output_attribute: 'sum' });
  });

  it('accepts a DAG with only nodes (every other section defaults to empty)', () => {
    const result = validateDag({ name: 'ticker', nodes: [tick] });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.dag.edges).toEqual([]);
      expect(result.dag.subscribers).toEqual([]);
    }
  });

  it('reports problems with exactly path, segments, code and message', () => {
    const problems = problemsOf(dag({ name: 'a-b', timezone: 'Nowhere/Land' }));
    for (const p of problems)
      expect(Object.keys(p).sort()).toEqual(['code', 'message', 'path', 'segments']);
  });
});

describe('validateDag: not a DAG at all', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['"orders"', 'orders'],
    ['number 3', 3],
  ])('refuses %s at $', (described, value) => {
    const p = onlyProblem(value);
    expect(p).toMatchObject({ path: '$', code: 'invalid_type' });
    expect(p.message).toContain(described);
  });

  it('reports missing required top-level keys', () => {
    const problems = problemsOf({});
    expect(where(problems)).toEqual(['missing $.name', 'missing $.nodes']);
  });

  it('reports an unknown top-level key', () => {
    const p = onlyProblem(dag({ colour: 'blue' }));
    expect(p).toMatchObject({ path: '$.colour', code: 'unknown_key' });
    expect(p.message).toContain('colour');
  });

  it('reports a wrongly typed section', () => {
    const p = onlyProblem(dag({ edges: 'src->calc' }));
    expect(p).toMatchObject({ path: '$.edges', code: 'invalid_type' });
  });
});

describe('validateDagJson', () => {
  it('reports broken JSON text as invalid_json at $', () => {
    const result = validateDagJson('{"name": "x", "nodes": [');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ path: '$', code: 'invalid_json' });
      expect(result.problems[0]!.message).toMatch(/JSON/);
    }
  });

  it('validates well-formed JSON text like validateDag', () => {
    const text = readFileSync(new URL('../test/fixtures/valid.json', import.meta.url), 'utf8');
    expect(validateDagJson(text).ok).toBe(true);
    const broken = validateDagJson(JSON.stringify(dag({ name: '123' })));
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(where(broken.problems)).toEqual(['invalid_name $.name']);
  });
});

describe('names', () => {
  it.each(['123', 'a-b', 'a b', '_1', '', 'é'])('refuses the DAG name %j', (name) => {
    const p = onlyProblem(dag({ name }));
    expect(p).toMatchObject({ path: '$.name', code: 'invalid_name' });
    expect(p.message).toContain(JSON.stringify(name));
  });

  it.each(['_x1', 'x', 'A_1', '1a', 'a__'])('accepts the name %j', (name) => {
    expect(validateDag(dag({ name })).ok).toBe(true);
    const nodes = [src, { ...calc, name }, sink];
    const edges = [edge('src', name), edge(name, 'sink')];
    expect(validateDag(dag({ nodes, edges })).ok).toBe(true);
  });

  it('refuses bad names in every section, at the name', () => {
    const problems = problemsOf(
      dag({
        subscribers: [{ name: 'in-1', config: { source: 'mem://queue/a' } }],
        publishers: [{ name: '42', config: { destination: 'mem://queue/b' } }],
        calculators: [{ name: 'c c', type: 'NullCalculator' }],
        transformers: [{ name: '-', type: 'NullDataTransformer' }],
        nodes: [cn('n.1')],
        edges: [],
      }),
    );
    expect(where(problems)).toEqual(
      [
        'invalid_name $.subscribers[0].name',
        'invalid_name $.publishers[0].name',
        'invalid_name $.calculators[0].name',
        'invalid_name $.transformers[0].name',
        'invalid_name $.nodes[0].name',
      ].sort(),
    );
    expect(problems.find((p) => p.path === '$.nodes[0].name')?.message).toContain('"n.1"');
  });

  it('refuses a bad name used as a reference', () => {
    const p = onlyProblem(dag({ edges: [edge('src', 'calc'), edge('calc', 'si-nk')] }));
    expect(p).toMatchObject({ path: '$.edges[1].to', code: 'invalid_name' });
    expect(p.message).toContain('si-nk');
  });
});

describe('duplicate names', () => {
  it.each([
    ['subscribers', 'orders_in', { subscribers: [...subscribers, subscribers[0]] }],
    ['publishers', 'totals_out', { publishers: [...publishers, publishers[0]] }],
    ['calculators', 'add_ab', { calculators: [...calculators, calculators[0]] }],
    ['transformers', 'drop_secret', { transformers: [...transformers, transformers[0]] }],
  ])('refuses a duplicate name in %s', (section, name, patch) => {
    const p = onlyProblem(dag(patch));
    expect(p).toMatchObject({ path: `$.${section}[1].name`, code: 'duplicate_name' });
    expect(p.message).toContain(`"${name}"`);
    expect(p.message).toContain(`${section}[0]`);
  });

  it('refuses duplicate node names', () => {
    const p = onlyProblem(dag({ nodes: [src, calc, sink, cn('calc')] }));
    expect(p).toMatchObject({ path: '$.nodes[3].name', code: 'duplicate_name' });
    expect(p.message).toContain('"calc"');
    expect(p.message).toContain('nodes[1]');
  });

  it('allows the same name in different sections', () => {
    const result = validateDag(
      dag({
        subscribers: [{ name: 'x', config: { source: 'mem://queue/a' } }],
        calculators: [{ name: 'x', type: 'NullCalculator' }],
        nodes: [
          { name: 'x', type: 'SubscriptionNode', config: { subscriber: 'x' } },
          cn('calc', { calculator: 'x' }),
          sink,
        ],
        edges: [edge('x', 'calc'), edge('calc', 'sink')],
      }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('references', () => {
  it("refuses a node's unknown subscriber", () => {
    const p = onlyProblem(
      dag({ nodes: [{ ...src, config: { subscriber: 'orders_inn' } }, calc, sink] }),
    );
    expect(p).toMatchObject({ path: '$.nodes[0].config.subscriber', code: 'unknown_reference' });
    expect(p.message).toContain('"orders_inn"');
    expect(p.message).toContain('"src"');
    expect(p.message).toContain('did you mean "orders_in"');
  });

  it("refuses a node's unknown calculator", () => {
    const p = onlyProblem(dag({ nodes: [src, cn('calc', { calculator: 'mul_ab' }), sink] }));
    expect(p).toMatchObject({ path: '$.nodes[1].config.calculator', code: 'unknown_reference' });
    expect(p.message).toContain('"mul_ab"');
  });

  it("refuses a node's unknown publisher, naming its index", () => {
    const nodes = [src, calc, { ...sink, config: { publishers: ['totals_out', 'nowhere'] } }];
    const p = onlyProblem(dag({ nodes }));
    expect(p).toMatchObject({ path: '$.nodes[2].config.publishers[1]', code: 'unknown_reference' });
    expect(p.message).toContain('"nowhere"');
  });

  it("refuses a node's unknown input and output transformers", () => {
    const nodes = [
      src,
      cn('calc', { input_transformers: ['drop_secret', 'in_t'], output_transformers: ['out_t'] }),
      { ...sink, config: { publishers: ['totals_out'], input_transformers: ['sink_t'] } },
    ];
    const problems = problemsOf(dag({ nodes }));
    expect(where(problems)).toEqual(
      [
        'unknown_reference $.nodes[1].config.input_transformers[1]',
        'unknown_reference $.nodes[1].config.output_transformers[0]',
        'unknown_reference $.nodes[2].config.input_transformers[0]',
      ].sort(),
    );
    expect(problems.map((p) => p.message).join('\n')).toMatch(
      /"in_t"[\s\S]*"out_t"[\s\S]*"sink_t"/,
    );
  });

  it('refuses edge endpoints that name no node', () => {
    const problems = problemsOf(dag({ edges: [edge('src', 'calc'), edge('ghost', 'phantom')] }));
    expect(where(problems)).toEqual([
      'unknown_reference $.edges[1].from',
      'unknown_reference $.edges[1].to',
    ]);
    expect(problems.find((p) => p.path.endsWith('from'))?.message).toContain('"ghost"');
    expect(problems.find((p) => p.path.endsWith('to'))?.message).toContain('"phantom"');
  });

  it("refuses an edge's unknown transformer", () => {
    const p = onlyProblem(dag({ edges: [edge('src', 'calc'), edge('calc', 'sink', 'nope')] }));
    expect(p).toMatchObject({ path: '$.edges[1].transformer', code: 'unknown_reference' });
    expect(p.message).toContain('"nope"');
  });

  it('accepts an edge transformer that is defined', () => {
    const result = validateDag(
      dag({ edges: [edge('src', 'calc'), edge('calc', 'sink', 'drop_secret')] }),
    );
    expect(result.ok).toBe(true);
  });

  it('does not call a node that exists but lacks its type "no node has that name"', () => {
    const problems = problemsOf(dag({ nodes: [src, { name: 'calc', config: {} }, sink] }));
    expect(where(problems)).toEqual(['missing $.nodes[1].type']);
  });
});

describe('component types and configs', () => {
  it('refuses an unknown calculator type, with a suggestion', () => {
    const p = onlyProblem(
      dag({ calculators: [{ name: 'add_ab', type: 'AdditionCalculater', config: {} }] }),
    );
    expect(p).toMatchObject({ path: '$.calculators[0].type', code: 'unknown_type' });
    expect(p.message).toContain('"AdditionCalculater"');
    expect(p.message).toContain('did you mean "AdditionCalculator"');
  });

  it('refuses an unknown transformer type', () => {
    const p = onlyProblem(dag({ transformers: [{ name: 'drop_secret', type: 'Shredder' }] }));
    expect(p).toMatchObject({ path: '$.transformers[0].type', code: 'unknown_type' });
    expect(p.message).toContain('"Shredder"');
  });

  it('refuses a calculator type used as a transformer', () => {
    const p = onlyProblem(dag({ transformers: [{ name: 'drop_secret', type: 'NullCalculator' }] }));
    expect(p).toMatchObject({ path: '$.transformers[0].type', code: 'unknown_type' });
  });

  it('refuses an unknown node type', () => {
    const p = onlyProblem(dag({ nodes: [src, { ...calc, type: 'ComputeNode' }, sink] }));
    expect(p).toMatchObject({ path: '$.nodes[1].type', code: 'unknown_type' });
    expect(p.message).toContain('"ComputeNode"');
    expect(p.message).toContain('CalculationNode');
  });

  it('refuses an unknown subscriber URI scheme', () => {
    const p = onlyProblem(
      dag({ subscribers: [{ name: 'orders_in', config: { source: 'gopher://orders' } }] }),
    );
    expect(p).toMatchObject({ path: '$.subscribers[0].config.source', code: 'unknown_scheme' });
    expect(p.message).toContain('gopher://orders');
    expect(p.message).toContain('"gopher"');
  });

  it('refuses an unknown publisher URI scheme', () => {
    const p = onlyProblem(
      dag({ publishers: [{ name: 'totals_out', config: { destination: 'ftp://totals' } }] }),
    );
    expect(p).toMatchObject({ path: '$.publishers[0].config.destination', code: 'unknown_scheme' });
    expect(p.message).toContain('ftp://totals');
  });

  it('refuses a metronome publisher (subscribe only)', () => {
    const p = onlyProblem(
      dag({ publishers: [{ name: 'totals_out', config: { destination: 'metronome' } }] }),
    );
    expect(p).toMatchObject({ path: '$.publishers[0].config.destination', code: 'unknown_scheme' });
  });

  it('refuses a malformed URI of a known scheme', () => {
    const p = onlyProblem(
      dag({ subscribers: [{ name: 'orders_in', config: { source: 'mem://bucket/x' } }] }),
    );
    expect(p).toMatchObject({ path: '$.subscribers[0].config.source', code: 'invalid_value' });
    expect(p.message).toContain('mem://bucket/x');
  });

  it('refuses a component config value of the wrong type', () => {
    const p = onlyProblem(
      dag({
        calculators: [{ name: 'add_ab', type: 'AdditionCalculator', config: { arguments: 'a' } }],
      }),
    );
    expect(p).toMatchObject({ path: '$.calculators[0].config.arguments', code: 'invalid_type' });
    expect(p.message).toContain('"a"');
  });

  it('refuses an unknown key in a component config', () => {
    const p = onlyProblem(
      dag({
        transformers: [
          {
            name: 'drop_secret',
            type: 'AttributeFilterAwayDataTransformer',
            config: { filter_attributes: [], colour: 1 },
          },
        ],
      }),
    );
    expect(p).toMatchObject({ path: '$.transformers[0].config.colour', code: 'unknown_key' });
    expect(p.message).toContain('"colour"');
  });

  it('refuses a component config missing a required key', () => {
    const p = onlyProblem(dag({ calculators: [{ name: 'add_ab', type: 'AdditionCalculator' }] }));
    expect(p).toMatchObject({ path: '$.calculators[0].config.arguments', code: 'missing' });
  });

  it.each([
    [{ output_attribute: 'r', min: 5, max: 1 }, 'must be at least min (5), got 1'],
    [
      { output_attribute: 'r', min: 0.25, max: 0.75, integer: true },
      'no whole number lies from min (0.25) to max (0.75)',
    ],
  ])('refuses a RandomCalculator range with no number in it, at its max', (config, message) => {
    const random = { name: 'add_ab', type: 'RandomCalculator', config };
    const p = onlyProblem(dag({ calculators: [random] }));
    expect(p).toMatchObject({ path: '$.calculators[0].config.max', code: 'invalid_value' });
    expect(p.message).toContain(message);
  });

  it('accepts a RandomCalculator with no config (output_attribute "random"), and refuses an empty name', () => {
    const random = (config: Record<string, unknown>) =>
      dag({ calculators: [{ name: 'add_ab', type: 'RandomCalculator', config }] });
    expect(validateDag(random({ output_attribute: 'r' })).ok).toBe(true);
    const defaulted = validateDag(random({ min: 1, max: 2 }));
    expect(defaulted.ok && defaulted.dag.calculators[0]?.config).toMatchObject({
      output_attribute: 'random',
    });
    expect(onlyProblem(random({ output_attribute: '' }))).toMatchObject({
      path: '$.calculators[0].config.output_attribute',
    });
  });

  it('checks subscriber and publisher configs against their scheme', () => {
    const problems = problemsOf(
      dag({
        subscribers: [
          { name: 'orders_in', config: { source: 'mem://queue/o', max_depth: -1, poll: 1 } },
        ],
        publishers: [
          { name: 'totals_out', config: { destination: 'mem://queue/t', batch_size: 'ten' } },
        ],
      }),
    );
    expect(where(problems)).toEqual(
      [
        'invalid_value $.subscribers[0].config.max_depth',
        'unknown_key $.subscribers[0].config.poll',
        'invalid_type $.publishers[0].config.batch_size',
      ].sort(),
    );
  });

  it('reports a component config that is not an object once', () => {
    const problems = problemsOf(
      dag({ calculators: [{ name: 'add_ab', type: 'AdditionCalculator', config: 'x' }] }),
    );
    expect(where(problems)).toEqual(['invalid_type $.calculators[0].config']);
  });

  it('refuses a bad node config', () => {
    const problems = problemsOf(
      dag({ nodes: [src, calc, sink, { ...tick, config: { interval_ms: 0, every: 1 } }] }),
    );
    expect(where(problems)).toEqual(
      ['invalid_value $.nodes[3].config.interval_ms', 'unknown_key $.nodes[3].config.every'].sort(),
    );
  });

  it('refuses a PublicationNode without publishers', () => {
    const p = onlyProblem(dag({ nodes: [src, calc, { ...sink, config: { publishers: [] } }] }));
    expect(p).toMatchObject({ path: '$.nodes[2].config.publishers', code: 'invalid_value' });
  });
});

describe('plugin types', () => {
  const catalog: ComponentCatalog = {
    ...builtinCatalog,
    calculators: {
      ...builtinCatalog.calculators,
      MyCalc: z.strictObject({ factor: z.number() }),
    },
    transformers: { ...builtinCatalog.transformers, MyTransformer: z.strictObject({}) },
    customSubscribers: { ticker: z.strictObject({ symbol: z.string() }) },
    customPublishers: { printer: z.strictObject({}) },
  };
  const mine = (config: unknown) =>
    dag({ calculators: [{ name: 'add_ab', type: 'MyCalc', config }] });

  it('refuses a plugin type with the built-in catalog', () => {
    const p = onlyProblem(mine({ factor: 2 }));
    expect(p).toMatchObject({ path: '$.calculators[0].type', code: 'unknown_type' });
    expect(p.message).toContain('"MyCalc"');
  });

  it('accepts a registered plugin type and parses its config', () => {
    const result = validateDag(mine({ factor: 2 }), catalog);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.dag.calculators[0]!.config).toEqual({ factor: 2 });
    const withTransformer = dag({ transformers: [{ name: 'drop_secret', type: 'MyTransformer' }] });
    expect(validateDag(withTransformer, catalog).ok).toBe(true);
  });

  it("checks a plugin type's config against its schema", () => {
    expect(where(problemsOf(mine({ factor: 'two' }), catalog))).toEqual([
      'invalid_type $.calculators[0].config.factor',
    ]);
    expect(where(problemsOf(mine({ factor: 2, offset: 1 }), catalog))).toEqual([
      'unknown_key $.calculators[0].config.offset',
    ]);
    expect(where(problemsOf(mine({}), catalog))).toEqual([
      'missing $.calculators[0].config.factor',
    ]);
  });

  it('still accepts the built-in types with a plugin catalog', () => {
    expect(validateDag(dag(), catalog).ok).toBe(true);
  });

  it('needs a customSubscribers entry for custom://NAME', () => {
    const custom = dag({
      subscribers: [
        { name: 'orders_in', config: { source: 'custom://ticker', options: { symbol: 'X' } } },
      ],
    });
    const p = onlyProblem(custom);
    expect(p).toMatchObject({ path: '$.subscribers[0].config.source', code: 'unknown_type' });
    expect(p.message).toContain('"ticker"');

    const result = validateDag(custom, catalog);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.dag.subscribers[0]!.config).toEqual({
      source: 'custom://ticker',
      options: { symbol: 'X' },
      max_depth: 10_000,
    });
  });

  it('checks custom subscriber options and custom publishers', () => {
    const problems = problemsOf(
      dag({
        subscribers: [
          { name: 'orders_in', config: { source: 'custom://ticker', options: { symbol: 1 } } },
        ],
        publishers: [{ name: 'totals_out', config: { destination: 'custom://fax' } }],
      }),
      catalog,
    );
    expect(where(problems)).toEqual(
      [
        'invalid_type $.subscribers[0].config.options.symbol',
        'unknown_type $.publishers[0].config.destination',
      ].sort(),
    );
    expect(problems.find((p) => p.code === 'unknown_type')?.message).toContain('"fax"');
    const ok = dag({
      publishers: [{ name: 'totals_out', config: { destination: 'custom://printer' } }],
    });
    expect(validateDag(ok, catalog).ok).toBe(true);
  });
});

describe('graph rules', () => {
  it('reports a cycle with the node names along it, at its first edge', () => {
    const nodes = [cn('a'), cn('b'), cn('c')];
    const p = onlyProblem(dag({ nodes, edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')] }));
    expect(p).toMatchObject({ path: '$.edges[0]', code: 'cycle' });
    expect(p.message).toContain('a -> b -> c -> a');
  });

  it('reports a self-loop', () => {
    const p = onlyProblem(
      dag({
        nodes: [src, calc, sink],
        edges: [edge('src', 'calc'), edge('calc', 'calc'), edge('calc', 'sink')],
      }),
    );
    expect(p).toMatchObject({ path: '$.edges[1]', code: 'cycle' });
    expect(p.message).toContain('calc -> calc');
  });

  it('reports two disjoint cycles', () => {
    const nodes = [cn('a'), cn('b'), cn('x'), cn('y'), cn('z')];
    const edges = [edge('a', 'b'), edge('b', 'a'), edge('x', 'y'), edge('y', 'z'), edge('z', 'x')];
    const problems = problemsOf(dag({ nodes, edges }));
    expect(where(problems)).toEqual(['cycle $.edges[0]', 'cycle $.edges[2]']);
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toContain('a -> b -> a');
    expect(messages).toContain('x -> y -> z -> x');
  });

  it('points the cycle at the right edge when earlier edges were refused', () => {
    const nodes = [cn('a'), cn('b')];
    const edges = [edge('ghost', 'a'), edge('a', 'b'), edge('b', 'a')];
    const problems = problemsOf(dag({ nodes, edges }));
    expect(where(problems)).toEqual(['cycle $.edges[1]', 'unknown_reference $.edges[0].from']);
  });

  it('refuses an edge into a SubscriptionNode', () => {
    const p = onlyProblem(
      dag({
        edges: [edge('src', 'calc'), edge('calc', 'sink'), edge('tick', 'src')],
        nodes: [src, calc, sink, tick],
      }),
    );
    expect(p).toMatchObject({ path: '$.edges[2].to', code: 'source_has_inputs' });
    expect(p.message).toContain('"src"');
  });

  it('refuses an edge into a MetronomeNode', () => {
    const p = onlyProblem(
      dag({
        edges: [edge('src', 'calc'), edge('calc', 'sink'), edge('calc', 'tick')],
        nodes: [src, calc, sink, tick],
      }),
    );
    expect(p).toMatchObject({ path: '$.edges[2].to', code: 'source_has_inputs' });
    expect(p.message).toContain('"tick"');
  });

  it('accepts an edge out of a PublicationNode: it passes on what it publishes', () => {
    const nodes = [src, calc, sink, cn('after')];
    const result = validateDag(
      dag({ nodes, edges: [edge('src', 'calc'), edge('calc', 'sink'), edge('sink', 'after')] }),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses an edge out of a SinkNode, which has no outputs', () => {
    const nodes = [src, calc, sink, cn('after'), { name: 'end', type: 'SinkNode', config: {} }];
    const p = onlyProblem(
      dag({
        nodes,
        edges: [
          edge('src', 'calc'),
          edge('calc', 'sink'),
          edge('calc', 'end'),
          edge('end', 'after'),
        ],
      }),
    );
    expect(p).toMatchObject({ path: '$.edges[3].from', code: 'publication_has_outputs' });
    expect(p.message).toBe(
      'edge end -> after leaves SinkNode "end", which is a sink and has no outputs',
    );
  });

  it('refuses a duplicate edge, naming the first', () => {
    const p = onlyProblem(
      dag({
        edges: [edge('src', 'calc'), edge('calc', 'sink'), edge('src', 'calc', 'drop_secret')],
      }),
    );
    expect(p).toMatchObject({ path: '$.edges[2]', code: 'duplicate_edge' });
    expect(p.message).toContain('src -> calc');
    expect(p.message).toContain('edges[0]');
  });

  it('accepts a diamond (two paths to one node are not a cycle)', () => {
    const nodes = [src, cn('left'), cn('right'), cn('merge'), sink];
    const edges = [
      edge('src', 'left'),
      edge('src', 'right'),
      edge('left', 'merge'),
      edge('right', 'merge'),
      edge('merge', 'sink'),
    ];
    expect(validateDag(dag({ nodes, edges })).ok).toBe(true);
  });
});

describe('time window', () => {
  it('refuses start_time without end_time', () => {
    const p = onlyProblem(dag({ start_time: '0900' }));
    expect(p).toMatchObject({ path: '$.end_time', code: 'window_incomplete' });
    expect(p.message).toContain('start_time');
    expect(p.message).toContain('end_time');
  });

  it('refuses end_time without start_time', () => {
    const p = onlyProblem(dag({ end_time: '1700' }));
    expect(p).toMatchObject({ path: '$.start_time', code: 'window_incomplete' });
  });

  it.each(['2500', '9am', '0960', '900', '09:00', '24000'])('refuses the time %j', (time) => {
    const p = onlyProblem(dag({ start_time: time, end_time: '1700' }));
    expect(p).toMatchObject({ path: '$.start_time', code: 'invalid_value' });
    expect(p.message).toContain(`"${time}"`);
    expect(p.message).toContain('HHMM');
  });

  it('refuses a time that is not a string', () => {
    const p = onlyProblem(dag({ start_time: '0900', end_time: 1700 }));
    expect(p).toMatchObject({ path: '$.end_time', code: 'invalid_type' });
  });

  it('refuses an empty window (start equals end)', () => {
    const p = onlyProblem(dag({ start_time: '0900', end_time: '0900' }));
    expect(p).toMatchObject({ path: '$.end_time', code: 'window_empty' });
    expect(p.message).toContain('0900');
  });

  it('accepts a window that wraps midnight and the edge times 0000 and 2359', () => {
    expect(validateDag(dag({ start_time: '2200', end_time: '0600' })).ok).toBe(true);
    expect(validateDag(dag({ start_time: '0000', end_time: '2359' })).ok).toBe(true);
  });

  it('refuses an invalid timezone', () => {
    const p = onlyProblem(dag({ timezone: 'Mars/Olympus_Mons' }));
    expect(p).toMatchObject({ path: '$.timezone', code: 'invalid_timezone' });
    expect(p.message).toContain('"Mars/Olympus_Mons"');
  });

  it('accepts IANA time zones', () => {
    for (const timezone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      expect(validateDag(dag({ timezone })).ok).toBe(true);
    }
  });

  it('refuses an unknown propagate mode', () => {
    const p = onlyProblem(dag({ propagate: 'sometimes' }));
    expect(p).toMatchObject({ path: '$.propagate', code: 'invalid_value' });
  });
});

describe('every problem at once', () => {
  it('reports all independent faults of one config', () => {
    const problems = problemsOf(fixture('many-faults.json'));
    expect(where(problems)).toEqual(
      [
        'invalid_name $.name',
        'window_incomplete $.end_time',
        'invalid_timezone $.timezone',
        'duplicate_name $.subscribers[1].name',
        'unknown_scheme $.subscribers[1].config.source',
        'invalid_value $.publishers[0].config.batch_size',
        'unknown_type $.calculators[0].type',
        'unknown_reference $.nodes[1].config.calculator',
        'cycle $.edges[1]',
        'source_has_inputs $.edges[4].to',
      ].sort(),
    );
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toContain('"many-faults"');
    expect(messages).toContain('"orders_in"');
    expect(messages).toContain('"missing_calc"');
    expect(messages).toContain('"SubtractionCalculator"');
    expect(messages).toContain('a -> b -> a');
  });
});
