import { describe, expect, it } from 'vitest';
import type { Message } from '../message';
import { transformers } from './index';

type TransformerType = keyof typeof transformers;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function create(type: TransformerType, config: unknown = {}) {
  const definition = transformers[type];
  const parsed = definition.configSchema.parse(config) as never;
  return (definition.create as (c: never) => { transform: (i: Message) => Message })(parsed);
}

/** Runs the transformer on a deep-frozen input and checks the input is unchanged afterwards. */
function transformFrozen(type: TransformerType, config: unknown, input: Record<string, unknown>) {
  const before = structuredClone(input);
  const frozen = deepFreeze(input);
  const output = create(type, config).transform(frozen);
  expect(frozen).toEqual(before);
  return output;
}

const sample = (): Record<string, unknown> => ({
  a: 2,
  b: 3,
  c: null,
  nested: { deep: [1, 2, { x: 'y' }] },
  s: 'text',
});

describe('transformers registry', () => {
  it('keys equal each definition type and kind is transformer', () => {
    for (const [key, definition] of Object.entries(transformers)) {
      expect(definition.type).toBe(key);
      expect(definition.kind).toBe('transformer');
    }
  });

  it('has every built-in transformer of the spec', () => {
    expect(Object.keys(transformers).sort()).toEqual(
      [
        'NullDataTransformer',
        'PassthruDataTransformer',
        'AttributeFilterAwayDataTransformer',
        'AttributeFilterDataTransformer',
        'ApplyDefaultsDataTransformer',
        'ExpressionDataTransformer',
      ].sort(),
    );
  });
});

describe('NullDataTransformer', () => {
  it('returns a new object equal to the input', () => {
    const input = sample();
    const output = transformFrozen('NullDataTransformer', {}, input);
    expect(output).toEqual(sample());
    expect(output).not.toBe(input);
  });
});

describe('PassthruDataTransformer', () => {
  it('returns the same object', () => {
    const input = sample();
    expect(transformFrozen('PassthruDataTransformer', {}, input)).toBe(input);
  });
});

describe('AttributeFilterAwayDataTransformer', () => {
  it('drops the listed keys', () => {
    expect(
      transformFrozen(
        'AttributeFilterAwayDataTransformer',
        { filter_attributes: ['a', 'nested', 'absent'] },
        sample(),
      ),
    ).toEqual({ b: 3, c: null, s: 'text' });
  });

  it('drops a single key', () => {
    expect(
      transformFrozen('AttributeFilterAwayDataTransformer', { filter_attributes: ['c'] }, sample()),
    ).toEqual({ a: 2, b: 3, nested: { deep: [1, 2, { x: 'y' }] }, s: 'text' });
  });

  it('works with more than 8 keys', () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) input[`k${i}`] = i;
    const drop = Array.from({ length: 9 }, (_, i) => `k${i * 2}`);
    const output = transformFrozen(
      'AttributeFilterAwayDataTransformer',
      { filter_attributes: drop },
      input,
    );
    const expected: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) if (!drop.includes(`k${i}`)) expected[`k${i}`] = i;
    expect(output).toEqual(expected);
    expect(Object.keys(output)).toHaveLength(11);
  });
});

describe('AttributeFilterDataTransformer', () => {
  it('keeps only the listed keys that are present', () => {
    expect(
      transformFrozen(
        'AttributeFilterDataTransformer',
        { keep_attributes: ['s', 'c', 'missing'] },
        sample(),
      ),
    ).toEqual({ s: 'text', c: null });
  });

  it('works with more than 8 keys', () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) input[`k${i}`] = i;
    const keep = Array.from({ length: 10 }, (_, i) => `k${i + 5}`);
    expect(
      transformFrozen('AttributeFilterDataTransformer', { keep_attributes: keep }, input),
    ).toEqual(Object.fromEntries(keep.map((k) => [k, Number(k.slice(1))])));
  });
});

describe('ApplyDefaultsDataTransformer', () => {
  it('sets defaults only where the key is missing or null', () => {
    expect(
      transformFrozen(
        'ApplyDefaultsDataTransformer',
        { defaults: { a: 100, c: 'was null', d: 'was missing', f: true, z: 9 } },
        { ...sample(), f: false, z: 0 },
      ),
    ).toEqual({
      a: 2,
      b: 3,
      c: 'was null',
      d: 'was missing',
      f: false,
      z: 0,
      nested: { deep: [1, 2, { x: 'y' }] },
      s: 'text',
    });
  });
});

describe('every transformer', () => {
  const configs: Record<TransformerType, unknown> = {
    NullDataTransformer: {},
    PassthruDataTransformer: {},
    AttributeFilterAwayDataTransformer: { filter_attributes: ['a', 'nested'] },
    AttributeFilterDataTransformer: { keep_attributes: ['nested', 's'] },
    ApplyDefaultsDataTransformer: { defaults: { c: { filled: [1] }, d: 1 } },
    ExpressionDataTransformer: { expression: '{"n": nested, "s": s & "!"}' },
  };

  it.each(Object.keys(transformers) as TransformerType[])('%s never mutates its input', (type) => {
    const input = sample();
    const before = structuredClone(input);
    const output = transformFrozen(type, configs[type], input);
    expect(input).toEqual(before);
    expect(typeof output).toBe('object');
  });
});
