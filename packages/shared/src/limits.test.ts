import { describe, expect, it } from 'vitest';
import { jsonLimitProblems, MAX_JSON_DEPTH } from './limits';

const nested = (depth: number): unknown => {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('limits every JSON input shares', () => {
  it('accepts a value nested up to the limit', () => {
    expect(jsonLimitProblems(nested(MAX_JSON_DEPTH - 1))).toEqual([]);
  });
  it('refuses deeper nesting with the path where the limit is crossed', () => {
    const [problem] = jsonLimitProblems(nested(3), ['config'], { maxDepth: 2 });
    expect(problem).toEqual({
      path: '$.config.a.a',
      segments: ['config', 'a', 'a'],
      code: 'too_deep',
      message: 'nests deeper than 2 levels of objects and arrays',
    });
  });
  it('walks 100,000 levels without overflowing the stack', () => {
    expect(jsonLimitProblems(nested(100_000))[0]?.code).toBe('too_deep');
  });
  it('names NUL characters in values and keys, and __proto__ keys', () => {
    const value = JSON.parse('{"a": ["ok", "x\\u0000y"], "b\\u0000": 1, "__proto__": {"p": 1}}');
    const found = jsonLimitProblems(value).map((p) => `${p.path} ${p.code}`);
    expect(found.sort()).toEqual([
      '$.__proto__ reserved_key',
      '$.a[1] invalid_character',
      '$["b\\u0000"] invalid_character',
    ]);
  });
});
