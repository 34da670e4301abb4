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
      ].sort(),
    );
  });
});

describe('NullCalculator', () => {
  it('returns a new object equal to the input', () => {
    const input = sample();
    const { output } = computeFrozen('NullCalculator', {}, input);
    expect(output).toEqual(structuredClone(sample()));
    expect(output).not.toBe(input);
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
      { a: 'b', b: 'a', s: 'S' },
      { b: 2, a: 3, c: null, nested: { deep: [1, 2, { x: 'y' }] }, S: 'text' },
    ],
    [
      'many names',
      { a: 'A', b: 'B', c: 'C', s: 'S', nested: 'N', x: 'X' },
      { A: 2, B: 3, C: null, N: { deep: [1, 2, { x: 'y' }] }, S: 'text' },
    ],
  ])('renames by a mapping of %s, swaps included', (_label, name_mapping, expected) => {
    expect(
      computeFrozen('AttributeNameChangeCalculator', { name_mapping }, sample()).output,
    ).toEqual(expected);
  });

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

  it('ignores missing and null arguments without a warning', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'missing', 'n'] },
      { a: 7, n: null },
    );
    expect(output).toEqual({ result: op(identity, 7) });
    expect(warnings).toEqual([]);
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

  it('skips a non-number argument and reports it through warn', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'bad', 'b'] },
      { a: 2, bad: '3', b: 5 },
    );
    expect(output).toEqual({ result: op(2, 5) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('bad');
  });

  it('warns once per non-number argument', () => {
    const { output, warnings } = computeFrozen(
      type,
      { arguments: ['a', 'o', 't'] },
      { a: 2, o: { v: 1 }, t: true },
    );
    expect(output).toEqual({ result: op(identity, 2) });
    expect(warnings).toHaveLength(2);
  });

  it('rejects a config without arguments', () => {
    expect(calculators[type].configSchema.safeParse({ arguments: [] }).success).toBe(false);
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
  };

  it.each(Object.keys(calculators) as CalculatorType[])('%s never mutates its input', (type) => {
    const input = sample();
    const before = structuredClone(input);
    const { output } = computeFrozen(type, configs[type], input);
    expect(input).toEqual(before);
    expect(typeof output).toBe('object');
  });
});
