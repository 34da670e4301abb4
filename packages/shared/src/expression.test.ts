import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  describeExpressionError,
  isExpressionError,
  type CompileResult,
} from './expression';

const order = {
  price: 2.5,
  quantity: 4,
  name: 'widget',
  empty: '',
  zero: 0,
  flag: true,
  nothing: null,
  customer: { name: 'Ada', address: { city: 'Paris' } },
  items: [
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 2 },
  ],
  tags: ['x', 'y'],
};

/** What an evaluation gives, as JSON sees it (JSONata's objects have a null prototype), or its error code. */
function outcome(result: CompileResult, input: unknown): unknown {
  if (isExpressionError(result)) throw new Error(result.error.message);
  try {
    const value = result.evaluate(input);
    return value === undefined ? { undefined: true } : { value: JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { error: (error as { code?: unknown }).code };
  }
}

/** [expression, input, expected outcome, whether it compiles to the fast path]. */
const cases: [string, unknown, unknown, boolean][] = [
  ['price * quantity', order, { value: 10 }, true],
  ['price + quantity - 1', order, { value: 5.5 }, true],
  ['quantity / zero', order, { value: null }, true], // Infinity: JSON null either way
  ['quantity % 3', order, { value: 1 }, true],
  ['-price', order, { value: -2.5 }, true],
  ['(price + 1) * 2', order, { value: 7 }, true],
  ['customer.address.city', order, { value: 'Paris' }, true],
  ['customer.missing.city', order, { undefined: true }, true],
  ['missing + 1', order, { undefined: true }, true],
  ['name + 1', order, { error: 'T2001' }, true],
  ['1 + name', order, { error: 'T2002' }, true],
  ['nothing + 1', order, { error: 'T2001' }, true],
  ['items.qty', order, { value: [1, 2] }, true], // an array on the path: JSONata maps
  ['items.qty + 1', order, { error: 'T2001' }, true],
  ['tags', order, { value: ['x', 'y'] }, true],
  ['name = "widget"', order, { value: true }, true],
  ['name != "widget"', order, { value: false }, true],
  ['missing = 1', order, { value: false }, true],
  ['missing != 1', order, { value: false }, true],
  ['customer = customer', order, { value: true }, true],
  ['name < "x"', order, { value: true }, true],
  ['"b" >= "a"', order, { value: true }, true],
  ['price > quantity', order, { value: false }, true],
  ['price <= 2.5', order, { value: true }, true],
  ['name < 1', order, { error: 'T2009' }, true],
  ['missing < 1', order, { undefined: true }, true],
  ['customer > 1', order, { error: 'T2010' }, true],
  ['flag and price > 2', order, { value: true }, true],
  ['empty or zero', order, { value: false }, true],
  ['nothing or name', order, { value: true }, true],
  ['items and true', order, { value: true }, true],
  ['customer and true', order, { value: true }, true],
  ['false and (name + 1)', order, { value: false }, true],
  ['price > 2 ? "big" : "small"', order, { value: 'big' }, true],
  ['zero ? "yes"', order, { undefined: true }, true],
  [
    '{"total": price * quantity, "who": customer.name, "none": missing}',
    order,
    { value: { total: 10, who: 'Ada' } },
    true,
  ],
  ['{"c": customer}', order, { value: { c: order.customer } }, true],
  ['name & "-" & quantity & flag & nothing & missing', order, { value: 'widget-4truenull' }, true],
  ['0.1 + 0.2 & ""', order, { value: '0.3' }, true],
  ['customer & ""', order, { value: '{"name":"Ada","address":{"city":"Paris"}}' }, true],
  ['`name`', order, { value: 'widget' }, true],
  ['constructor', order, { undefined: true }, true],
  ['customer.toString', order, { undefined: true }, true],
  ['price', [order, order], { value: [2.5, 2.5] }, true], // an array input: JSONata maps
  ['$sum(items.qty)', order, { value: 3 }, false],
  ['$uppercase(name) & "!"', order, { value: 'WIDGET!' }, false],
  ['$substring(customer.address.city, 0, 3)', order, { value: 'Par' }, false],
  ['$count(tags)', order, { value: 2 }, false],
  ['items[qty > 1].sku', order, { value: 'b' }, false],
  ['$string(price)', order, { value: '2.5' }, false],
  ['name in tags', order, { value: false }, false],
  ['$', order, { value: order }, false],
];

describe('expressions: the fast path and JSONata give the same results', () => {
  it.each(cases)('%s', (text, input, expected, fast) => {
    const quick = compileExpression(text);
    const slow = compileExpression(text, { fast: false });
    expect(isExpressionError(quick) ? 'error' : quick.fast).toBe(fast);
    expect(isExpressionError(slow) ? 'error' : slow.fast).toBe(false);
    expect(outcome(slow, input)).toEqual(expected);
    expect(outcome(quick, input)).toEqual(expected);
  });

  it('compiles a text once', () => {
    expect(compileExpression('a + b')).toBe(compileExpression('a + b'));
  });
});

describe('expression errors', () => {
  it.each([
    ['a +', 3, 'Unexpected end of expression'],
    ['a + ) b', 5, 'The symbol ")" cannot be used as a unary operator'],
    ['{"a": 1', 7, 'Expected "}"'],
  ])('%s: its position and message', (text, position, message) => {
    const result = compileExpression(text);
    if (!isExpressionError(result)) throw new Error('compiled');
    expect(result.error.position).toBe(position);
    expect(result.error.message).toContain(message);
  });

  it('tells an evaluation error with its position', () => {
    const result = compileExpression('a + 1');
    if (isExpressionError(result)) throw new Error(result.error.message);
    let thrown: unknown;
    try {
      result.evaluate({ a: 'x' });
    } catch (error) {
      thrown = error;
    }
    expect(describeExpressionError(thrown)).toBe(
      'The left side of the "+" operator must evaluate to a number (at position 3)',
    );
  });
});

describe('expression safety', () => {
  it.each([
    '$string.constructor',
    '$sum.constructor("return process")()',
    'constructor.constructor("return process")()',
    '__proto__',
    '$lookup($, "constructor")',
    '$process',
    '$require',
    '$globalThis',
  ])('%s reaches nothing of the host', (text) => {
    for (const fast of [true, false]) {
      const result = compileExpression(text, { fast });
      if (isExpressionError(result)) throw new Error(result.error.message);
      let value: unknown;
      try {
        value = result.evaluate({ a: 1 });
      } catch {
        value = undefined;
      }
      expect(value).toBeUndefined();
    }
  });

  it('$eval sees only JSONata too', () => {
    const result = compileExpression('$eval("$string.constructor")');
    if (isExpressionError(result)) throw new Error(result.error.message);
    expect(result.evaluate({})).toBeUndefined();
  });
});
