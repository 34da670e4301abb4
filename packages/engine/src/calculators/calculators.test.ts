import { describe, expect, it } from 'vitest';
import type { ComputeContext } from '../components/definitions';
import type { Message } from '../message';
import { calculators } from './index';

type CalculatorType = keyof typeof calculators;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function create(type: CalculatorType, config: unknown = {}) {
  const definition = calculators[type];
  // The registry's value type is a union of definitions; each one parses its own config.
  const parsed = definition.configSchema.parse(config) as never;
  return (
    definition.create as (c: never) => { compute: (i: Message, c: ComputeContext) => Message }
  )(parsed);
}

function fakeContext(): { context: ComputeContext; warnings: string[] } {
  const warnings: string[] = [];
  return { context: { warn: (m) => warnings.push(m) }, warnings };
}

/** Runs the calculator on a deep-frozen input and checks the input is unchanged afterwards. */
function computeFrozen(type: CalculatorType, config: unknown, input: Record<string, unknown>) {
  const before = structuredClone(input);
  const frozen = deepFreeze(input);
  const { context, warnings } = fakeContext();
  const output = create(type, config).compute(frozen, context);
  expect(frozen).toEqual(before);
  return { output, warnings };
}

const sample = (): Record<string, unknown> => ({
  a: 2,
  b: 3,
  c: null,
  nested: { deep: [1, 2, { x: 'y' }] },
  s: 'text',
});

describe('calculators registry', () => {
  it('keys equal each definition type and kind is calculator', () => {
    for (const [key, definition] of Object.entries(calculators)) {
      expect(definition.type).toBe(key);
      expect(definition.kind).toBe('calculator');
    }
  });

  it('has every built-in calculator of the spec', () => {
    expect(Object.keys(calculators).sort()).toEqual(
      [
        'NullCalculator',
        'PassthruCalculator',
        'AttributeFilterAwayCalculator',
        'AttributeFilterCalculator',
        'ApplyDefaultsCalculator',
        'AdditionCalculator',
        'MultiplicationCalculator',
        'AttributeNameChangeCalculator',
        'ExpressionCalculator',
        'FilterCalculator',
        'RandomCalculator',
      ].sort(),
    );
  });
});

describe('NullCalculator', () => {
  it('returns a deep copy of the input, sharing no object with it', () => {
    const input = sample();
    const { output } = computeFrozen('NullCalculator', {}, input);
    expect(output).toEqual(structuredClone(sample()));
    expect(output).not.toBe(input);
    expect(output.nested).not.toBe(input.nested);
    const deep = (m: Record<string, unknown>) => (m.nested as { deep: unknown[] }).deep;
    expect(deep(output)).not.toBe(deep(input));
    expect(deep(output)[2]).not.toBe(deep(input)[2]);
    expect(Object.isFrozen(output)).toBe(false);
  });

  it('copies arrays of objects, objects without a prototype, and a Date a plugin put in', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: [1] });
    const when = new Date(Date.UTC(2026, 0, 2));
    const input = { list: [{ x: 1 }, [2, [3]]], bare, when };
    const { output } = computeFrozen('NullCalculator', {}, input);
    expect(output).toEqual({ list: [{ x: 1 }, [2, [3]]], bare: { k: [1] }, when });
    const list = output.list as [object, [number, number[]]];
    expect(list[0]).not.toBe(input.list[0]);
    expect(list[1][1]).not.toBe((input.list[1] as unknown[])[1]);
    expect((output.bare as { k: unknown }).k).not.toBe(bare.k);
    expect(output.when).toBeInstanceOf(Date);
    expect(output.when).not.toBe(when);
  });

  it('keeps the key order and a __proto__ key as data', () => {
    const input = JSON.parse('{"z":1,"a":{"__proto__":{"x":1}},"m":[]}') as Record<string, unknown>;
    const { output } = computeFrozen('NullCalculator', {}, input);
    expect(Object.keys(output)).toEqual(['z', 'a', 'm']);
    expect(JSON.stringify(output)).toBe('{"z":1,"a":{"__proto__":{"x":1}},"m":[]}');
  });
});

describe('PassthruCalculator', () => {
  it('returns the same object', () => {
    const input = sample();
    const { output } = computeFrozen('PassthruCalculator', {}, input);
    expect(output).toBe(input);
  });
});

describe('AttributeFilterAwayCalculator', () => {
  it('drops the listed keys', () => {
    const { output } = computeFrozen(
      'AttributeFilterAwayCalculator',
      { filter_attributes: ['a', 'nested'] },
      sample(),
    );
    expect(output).toEqual({ b: 3, c: null, s: 'text' });
  });

  it('drops a single key', () => {
    const { output } = computeFrozen(
      'AttributeFilterAwayCalculator',
      { filter_attributes: ['s'] },
      sample(),
    );
    expect(output).toEqual({ a: 2, b: 3, c: null, nested: { deep: [1, 2, { x: 'y' }] } });
  });

  it('ignores listed keys that are absent', () => {
    const { output } = computeFrozen(
      'AttributeFilterAwayCalculator',
      { filter_attributes: ['zz'] },
      { a: 1 },
    );
    expect(output).toEqual({ a: 1 });
  });

  it('works with more than 8 keys', () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) input[`k${i}`] = i;
    const drop = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const { output } = computeFrozen(
      'AttributeFilterAwayCalculator',
      { filter_attributes: drop },
      input,
    );
    const expected: Record<string, unknown> = {};
    for (let i = 12; i < 20; i++) expected[`k${i}`] = i;
    expect(output).toEqual(expected);
  });
});

describe('AttributeFilterCalculator', () => {
  it('does not take keys from Object.prototype', () => {
    const { output } = computeFrozen(
      'AttributeFilterCalculator',
      { keep_attributes: ['a', 'toString', 'constructor'] },
      { a: 1, b: 2 },
    );
    expect(output).toEqual({ a: 1 });
  });

  it("keeps the input's key order, not the config's", () => {
    const { output } = computeFrozen(
      'AttributeFilterCalculator',
      { keep_attributes: ['s', 'missing', 'c', 'a'] },
      sample(),
    );
    expect(Object.keys(output)).toEqual(['a', 'c', 's']);
    expect(output).toEqual({ a: 2, c: null, s: 'text' });
  });

  it.each([[['s']], [['zz']], [[]]])('keeps a list of one or none (%o)', (keep_attributes) => {
    const { output } = computeFrozen('AttributeFilterCalculator', { keep_attributes }, sample());
    expect(output).toEqual(keep_attributes[0] === 's' ? { s: 'text' } : {});
  });

  it('keeps only the listed keys that are present', () => {
    const { output } = computeFrozen(
      'AttributeFilterCalculator',
      { keep_attributes: ['a', 'c', 'missing'] },
      sample(),
    );
    expect(output).toEqual({ a: 2, c: null });
  });

  it('works with more than 8 keys', () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) input[`k${i}`] = i;
    const keep = Array.from({ length: 10 }, (_, i) => `k${i * 2}`);
    const { output } = computeFrozen('AttributeFilterCalculator', { keep_attributes: keep }, input);
    expect(output).toEqual(Object.fromEntries(keep.map((k) => [k, Number(k.slice(1))])));
    expect(Object.keys(output)).toEqual(keep);
  });
});

describe('ApplyDefaultsCalculator', () => {
  it('sets defaults only where the key is missing or null', () => {
    const { output } = computeFrozen(
      'ApplyDefaultsCalculator',
      { defaults: { a: 100, c: 'was null', d: 'was missing', s: 'other', zero: 5 } },
      { ...sample(), zero: 0 },
    );
    expect(output).toEqual({
      a: 2,
      b: 3,
      c: 'was null',
      d: 'was missing',
      nested: { deep: [1, 2, { x: 'y' }] },
      s: 'text',
      zero: 0,
    });
  });

  it('fills keys named like Object.prototype members (constructor, toString)', () => {
    const { output } = computeFrozen(
      'ApplyDefaultsCalculator',
      { defaults: { constructor: 'c', toString: 't' } },
      { a: 1 },
    );
    expect(output).toEqual({ a: 1, constructor: 'c', toString: 't' });
  });

  it('keeps falsy non-null values', () => {
    const { output } = computeFrozen(
      'ApplyDefaultsCalculator',
      { defaults: { f: true, e: 'x', z: 1 } },
      { f: false, e: '', z: 0 },
    );
    expect(output).toEqual({ f: false, e: '', z: 0 });
  });
});

describe('AttributeNameChangeCalculator', () => {
  it('renames the mapped keys and keeps the others', () => {
    const { output } = computeFrozen(
      'AttributeNameChangeCalculator',
      { name_mapping: { a: 'alpha', nested: 'inner', absent: 'nothing' } },
      sample(),
    );
    expect(output).toEqual({
      alpha: 2,
      b: 3,
      c: null,
      inner: { deep: [1, 2, { x: 'y' }] },
      s: 'text',
    });
  });
  it.each([
    [
      'one name',
      { s: 'text_field' },
      { a: 2, b: 3, c: null, nested: { deep: [1, 2, { x: 'y' }] }, text_field: 'text' },
    ],
    [
      'a few names',
      { a: 'A', b: 'B', s: 'S' },
      { c: null, nested: { deep: [1, 2, { x: 'y' }] }, A: 2, B: 3, S: 'text' },
    ],
    [
      'many names',
      { a: 'A', b: 'B', c: 'C', s: 'S', nested: 'N', x: 'X' },
      { A: 2, B: 3, C: null, S: 'text', N: { deep: [1, 2, { x: 'y' }] } },
    ],
    [
      'a swap, entry by entry: a moves onto b, then b (now a) back to a',
      { a: 'b', b: 'a', s: 'S' },
      { c: null, nested: { deep: [1, 2, { x: 'y' }] }, a: 2, S: 'text' },
    ],
  ])('renames by a mapping of %s, renamed keys last', (_label, name_mapping, expected) => {
    const { output } = computeFrozen('AttributeNameChangeCalculator', { name_mapping }, sample());
    expect(output).toEqual(expected);
    expect(Object.keys(output)).toEqual(Object.keys(expected));
  });

  // The cases of issue 15, as the original (DishtaYantra) computes them: each entry in order
  // moves the current value (`result[new] = result.pop(old)`).
  it.each([
    ['a chain carries a value on', { a: 'b', b: 'c' }, { a: 1 }, { c: 1 }],
    ['a new name overwrites a key there', { a: 'b' }, { a: 1, b: 2 }, { b: 1 }],
    ['a chain in the other order moves each once', { b: 'c', a: 'b' }, { a: 1 }, { b: 1 }],
    ['a chain over two values', { a: 'b', b: 'c' }, { a: 1, b: 2, z: 0 }, { z: 0, c: 1 }],
    ['a swap ends in one key', { a: 'b', b: 'a' }, { a: 1, b: 2 }, { a: 1 }],
    ['a name onto itself goes last', { a: 'a' }, { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['two names onto one: the last wins', { a: 'x', b: 'x' }, { a: 1, b: 2 }, { x: 2 }],
    ['an absent name moves nothing', { q: 'r', a: 'b' }, { a: 1, b: 2 }, { b: 1 }],
    ['a new name that was there keeps its place', { a: 'm' }, { a: 1, m: 2, z: 3 }, { m: 1, z: 3 }],
    [
      'more than eight names, one of them a chain',
      Object.fromEntries([
        ...Array.from({ length: 9 }, (_, i) => [`k${i}`, `n${i}`]),
        ['n0', 'end'],
      ]),
      { k0: 0, k3: 3, x: 'x' },
      { x: 'x', n3: 3, end: 0 },
    ],
  ])('%s', (_label, name_mapping, input, expected) => {
    const { output } = computeFrozen('AttributeNameChangeCalculator', { name_mapping }, input);
    expect(output).toEqual(expected);
    expect(Object.keys(output)).toEqual(Object.keys(expected));
  });

  it.each([
    ['one name', { a: 'b' }],
    ['a few names', { a: 'b', z: 'y' }],
    ['many names', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, `n${i}`]))],
  ])(
    'with %s whose new names are no old names, gives what step by step gives',
    (_label, name_mapping) => {
      const inputs: Record<string, unknown>[] = [
        { a: 1, b: 2, z: 3 },
        { b: 2, a: 1, y: 0 },
        { k9: 9, k0: 0, n0: 'x', a: 1 },
        {},
      ];
      for (const input of inputs) {
        const steps = new Map(Object.entries(input));
        for (const [old, name] of Object.entries(name_mapping))
          if (steps.has(old)) {
            const value = steps.get(old);
            steps.delete(old);
            steps.set(name, value);
          }
        const { output } = computeFrozen('AttributeNameChangeCalculator', { name_mapping }, input);
        expect(Object.entries(output)).toEqual([...steps]);
      }
    },
  );

  it.each([{ b: 'beta' }, { a: 'x', b: 'y' }, { a: 'v', b: 'w', c: 'x', d: 'y', e: 'z' }])(
    'leaves keys named like Object methods alone (%o)',
    (name_mapping) => {
      const input = { constructor: 1, toString: 2, b: 3 };
      const { output } = computeFrozen('AttributeNameChangeCalculator', { name_mapping }, input);
      expect(Object.keys(output)).toEqual(['constructor', 'toString', name_mapping.b]);
    },
  );
});

describe.each([
  ['AdditionCalculator', 0, (x: number, y: number) => x + y] as const,
  ['MultiplicationCalculator', 1, (x: number, y: number) => x * y] as const,
])('%s', (type, identity, op) => {
  it('combines the numeric arguments into output_attribute', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'b', 'f'], output_attribute: 'out' },
      { a: 2, b: 3, f: 1.5, other: 10 },
    );
    expect(output).toEqual({ out: op(op(2, 3), 1.5) });
    expect(warnings).toEqual([]);
  });

  it('defaults output_attribute to "result"', () => {
    const { output } = computeFrozen(type, { arguments: ['a', 'b'] }, { a: 4, b: 5 });
    expect(output).toEqual({ result: op(4, 5) });
  });

  it('ignores a missing argument without a warning', () => {
    const { output, warnings } = computeFrozen(type, { arguments: ['a', 'missing'] }, { a: 7 });
    expect(output).toEqual({ result: op(identity, 7) });
    expect(warnings).toEqual([]);
  });

  it('skips a null argument with a warning, as float(None) fails in the original', () => {
    const { output, warnings } = computeFrozen(type, { arguments: ['a', 'n'] }, { a: 7, n: null });
    expect(output).toEqual({ result: op(identity, 7) });
    expect(warnings).toEqual([
      `argument "n" is null, not a number: left out of the ${type === 'AdditionCalculator' ? 'sum' : 'product'}`,
    ]);
  });

  it('takes no argument from Object.prototype (constructor, toString), without a warning', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'constructor', 'toString'] },
      { a: 3 },
    );
    expect(output).toEqual({ result: op(identity, 3) });
    expect(warnings).toEqual([]);
  });

  it('gives the identity when no argument is present', () => {
    const { output, warnings } = computeFrozen(type, { arguments: ['x'] }, {});
    expect(output).toEqual({ result: identity });
    expect(warnings).toEqual([]);
  });

  it('skips an argument that is no number and reports it through warn', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'bad', 'b'] },
      { a: 2, bad: 'abc', b: 5 },
    );
    expect(output).toEqual({ result: op(2, 5) });
    expect(warnings).toEqual([
      `argument "bad" is string "abc", not a number: left out of the ${type === 'AdditionCalculator' ? 'sum' : 'product'}`,
    ]);
  });

  it('warns once per argument that does not convert, naming no whole object', () => {
    const long = 'x'.repeat(100);
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'o', 'l', 'e', 's', 'n'] },
      { a: 2, o: { v: 1 }, l: [1], e: '', s: long, n: null },
    );
    expect(output).toEqual({ result: op(identity, 2) });
    expect(warnings.map((w) => w.replace(/: left out of the \w+$/, ''))).toEqual([
      'argument "o" is an object, not a number',
      'argument "l" is an array, not a number',
      'argument "e" is string "", not a number',
      `argument "s" is string "${'x'.repeat(40)}…", not a number`,
      'argument "n" is null, not a number',
    ]);
  });

  it('reads numeric strings and booleans as Python float() does', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'b', 'c', 'd', 't', 'f'] },
      { a: '5', b: ' 2.5 ', c: '1e3', d: '-3', t: true, f: false },
    );
    expect(output).toEqual({ result: [5, 2.5, 1000, -3, 1, 0].reduce(op, identity) });
    expect(warnings).toEqual([]);
  });

  it('reads "inf" and "nan" as Python does', () => {
    const run = (value: string) =>
      computeFrozen(type, { arguments: ['a', 'x'] }, { a: 2, x: value }).output.result;
    expect(run('inf')).toBe(Infinity);
    expect(run(' -Infinity ')).toBe(-Infinity);
    expect(run('NaN')).toBeNaN();
  });

  it('rejects a config without arguments', () => {
    expect(calculators[type].configSchema.safeParse({ arguments: [] }).success).toBe(false);
  });
});

// The cases of issue 15, as the original (DishtaYantra) computes them.
describe('AdditionCalculator and MultiplicationCalculator on strings, as the original', () => {
  it.each([
    ['AdditionCalculator', { a: '5', b: 3 }, ['a', 'b'], 8],
    ['AdditionCalculator', { price: '2.5', quantity: 4 }, ['price', 'quantity'], 6.5],
    ['MultiplicationCalculator', { price: '2.5', quantity: 4 }, ['price', 'quantity'], 10],
    ['MultiplicationCalculator', { a: '5', b: 3 }, ['a', 'b'], 15],
    ['AdditionCalculator', { a: '1_000', b: ' 2.5\n', c: true }, ['a', 'b', 'c'], 1003.5],
    ['MultiplicationCalculator', { a: '-3', b: '1e3', c: false }, ['a', 'b'], -3000],
  ] as const)('%s of %o is %d', (type, input, args, expected) => {
    const { output, warnings } = computeFrozen(type, { arguments: args }, { ...input });
    expect(output).toEqual({ result: expected });
    expect(warnings).toEqual([]);
  });
});

describe('RandomCalculator', () => {
  const run = (
    config: Record<string, unknown>,
    count = 200,
    input: Record<string, unknown> = {},
  ) => {
    const calculator = create('RandomCalculator', config);
    const { context } = fakeContext();
    return Array.from({ length: count }, () => calculator.compute(input, context));
  };
  const numbers = (config: Record<string, unknown>, count = 200) =>
    run(config, count).map((m) => m.r as number);

  it('adds a number from 0 to 1 as output_attribute, keeping the input', () => {
    const { output } = computeFrozen('RandomCalculator', { output_attribute: 'r' }, { a: 1 });
    expect(Object.keys(output)).toEqual(['a', 'r']);
    expect(output.a).toBe(1);
    expect(output.r).toBeGreaterThanOrEqual(0);
    expect(output.r).toBeLessThan(1);
  });

  it('sets "random" by default and, with counter_attribute, counts its calculations as the original', () => {
    const outputs = run({ counter_attribute: 'counter', seed: 2 }, 3, { a: 1 });
    expect(outputs.map((m) => Object.keys(m))).toEqual([
      ['a', 'random', 'counter'],
      ['a', 'random', 'counter'],
      ['a', 'random', 'counter'],
    ]);
    expect(outputs.map((m) => m.counter)).toEqual([1, 2, 3]);
    expect(outputs.every((m) => typeof m.random === 'number' && m.random < 1)).toBe(true);
    expect(Object.keys(run({}, 1)[0] ?? {})).toEqual(['random']);
  });

  it('overwrites an input attribute of the same name', () => {
    const { output } = computeFrozen(
      'RandomCalculator',
      { output_attribute: 'a', seed: 3 },
      { a: 'x' },
    );
    expect(typeof output.a).toBe('number');
  });

  it('gives the same numbers for the same seed, others for another', () => {
    const first = numbers({ output_attribute: 'r', seed: 42 });
    expect(numbers({ output_attribute: 'r', seed: 42 })).toEqual(first);
    expect(numbers({ output_attribute: 'r', seed: 43 })).not.toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    // Seeds that differ only above 32 bits, and negative seeds, are seeds of their own.
    expect(numbers({ output_attribute: 'r', seed: 2 ** 40 + 42 })).not.toEqual(first);
    expect(numbers({ output_attribute: 'r', seed: -42 })).not.toEqual(first);
  });

  it('draws a seeded sequence from mulberry32, so a run is reproducible across versions', () => {
    // mulberry32's reference sequence for seed 1.
    expect(numbers({ output_attribute: 'r', seed: 1 }, 3)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('stays from min to max', () => {
    const values = numbers({ output_attribute: 'r', min: -5, max: 5, seed: 7 }, 2000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...values)).toBeLessThanOrEqual(5);
    expect(Math.min(...values)).toBeLessThan(-4);
    expect(Math.max(...values)).toBeGreaterThan(4);
    expect(values.some((v) => !Number.isInteger(v))).toBe(true);
  });

  it('gives whole numbers from min to max, both included, when integer', () => {
    const values = numbers({ output_attribute: 'r', min: 1, max: 6, integer: true, seed: 9 }, 2000);
    expect(values.every((v) => Number.isInteger(v))).toBe(true);
    expect([...new Set(values)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes the whole numbers inside fractional bounds, and one number when min is max', () => {
    const inside = numbers({ output_attribute: 'r', min: 0.5, max: 3.5, integer: true, seed: 1 });
    expect([...new Set(inside)].sort()).toEqual([1, 2, 3]);
    expect(new Set(numbers({ output_attribute: 'r', min: 2, max: 2, integer: true }))).toEqual(
      new Set([2]),
    );
    expect(new Set(numbers({ output_attribute: 'r', min: 2.5, max: 2.5 }))).toEqual(new Set([2.5]));
  });

  it('stays finite over the widest range', () => {
    for (const integer of [false, true]) {
      const config = { output_attribute: 'r', min: -1e308, max: 1e308, integer, seed: 5 };
      const values = numbers(config);
      expect(values.every((v) => Number.isFinite(v) && v >= -1e308 && v <= 1e308)).toBe(true);
      expect(values.every((v) => !integer || Number.isInteger(v))).toBe(true);
    }
  });

  it.each([
    [{ output_attribute: 'r' }, true],
    [{ output_attribute: 'r', min: 1, max: 1, integer: true, seed: -3 }, true],
    [{ output_attribute: 'r', min: 0.5, max: 1.5, integer: true }, true],
    [{}, true],
    [{ counter_attribute: 'counter' }, true],
    [{ counter_attribute: '' }, false],
    [{ output_attribute: '' }, false],
    [{ output_attribute: 'r', min: 2, max: 1 }, false],
    [{ output_attribute: 'r', min: 0.2, max: 0.8, integer: true }, false],
    [{ output_attribute: 'r', seed: 1.5 }, false],
    [{ output_attribute: 'r', min: '0' }, false],
    [{ output_attribute: 'r', other: 1 }, false],
  ])('checks its config %o: valid %s', (config, ok) => {
    expect(calculators.RandomCalculator.configSchema.safeParse(config).success).toBe(ok);
  });

  it('says min is above max at max', () => {
    const result = calculators.RandomCalculator.configSchema.safeParse({
      output_attribute: 'r',
      min: 3,
      max: 1,
    });
    expect(result.error?.issues).toMatchObject([
      { path: ['max'], message: 'must be at least min (3), got 1' },
    ]);
  });
});

describe('every calculator', () => {
  const configs: Record<CalculatorType, unknown> = {
    NullCalculator: {},
    PassthruCalculator: {},
    AttributeFilterAwayCalculator: { filter_attributes: ['a', 'nested'] },
    AttributeFilterCalculator: { keep_attributes: ['nested', 's'] },
    ApplyDefaultsCalculator: { defaults: { c: { filled: [1] }, d: 1 } },
    AdditionCalculator: { arguments: ['a', 'b', 's'] },
    MultiplicationCalculator: { arguments: ['a', 'b', 'nested'] },
    AttributeNameChangeCalculator: { name_mapping: { nested: 'n2', s: 't' } },
    RandomCalculator: { output_attribute: 'r', seed: 1 },
    ExpressionCalculator: { expression: 'a + b', output_attribute: 'sum' },
    FilterCalculator: { condition: 's = "text"' },
  };

  it.each(Object.keys(calculators) as CalculatorType[])('%s never mutates its input', (type) => {
    const input = sample();
    const before = structuredClone(input);
    const { output } = computeFrozen(type, configs[type], input);
    expect(input).toEqual(before);
    expect(typeof output).toBe('object');
  });
});

describe('ExpressionCalculator', () => {
  it('leaves a frozen input alone on JSONata’s own path too, and gives a plain object', () => {
    const { output } = computeFrozen(
      'ExpressionCalculator',
      {
        expression: '{"deep": nested.deep[2].x, "count": $count(nested.deep), "s": $uppercase(s)}',
      },
      sample(),
    );
    expect(output).toEqual({ deep: 'y', count: 3, s: 'TEXT' });
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
  });

  it('leaves output_attribute out when the value is missing', () => {
    const { output } = computeFrozen(
      'ExpressionCalculator',
      { expression: 'missing.value', output_attribute: 'a' },
      sample(),
    );
    expect(output).toEqual({ b: 3, c: null, nested: { deep: [1, 2, { x: 'y' }] }, s: 'text' });
  });
});
