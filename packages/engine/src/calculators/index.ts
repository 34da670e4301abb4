import { calculatorConfigSchemas as schemas, type CalculatorType } from '@flow/shared';
import {
  defineCalculator,
  type CalculatorDefinition,
  type ComputeContext,
} from '../components/definitions';
import type { Message } from '../message';
import { applyDefaults, deepCopy, filterAway, identity, keepOnly, rename } from './attribute-ops';
import { expressionStep, filterStep } from './expression';
import { pythonFloat } from './python-float';
import { random } from './random';

/** A value for a warning: a string quoted and cut at 40 characters, never a whole object. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Sums or multiplies the arguments as the original system does: each one present converted as
 * Python's `float()` would (`"2.5"`, `" 5 "`, `true`); one that does not convert is left out
 * with a warning. A number goes straight through: the conversion is only for the rest.
 */
function arithmetic(
  name: 'sum' | 'product',
  start: number,
  combine: (acc: number, value: number) => number,
) {
  return (config: { arguments: string[]; output_attribute: string }) => {
    const { arguments: args, output_attribute: output } = config;
    return {
      compute(input: Message, context: ComputeContext): Message {
        let acc = start;
        for (const arg of args) {
          const value = input[arg];
          if (typeof value === 'number') acc = combine(acc, value);
          // `constructor` or `toString` found on Object.prototype is no argument of the message.
          else if (value !== undefined && Object.hasOwn(input, arg)) {
            const number = pythonFloat(value);
            if (number !== undefined) acc = combine(acc, number);
            else
              context.warn(
                `argument "${arg}" is ${describeValue(value)}, not a number: left out of the ${name}`,
              );
          }
        }
        return { [output]: acc };
      },
    };
  };
}

export const calculators = {
  NullCalculator: defineCalculator({
    type: 'NullCalculator',
    description: 'A deep copy of its input.',
    configSchema: schemas.NullCalculator,
    example: { config: {}, input: { a: 1, b: { c: 2 } }, output: { a: 1, b: { c: 2 } } },
    create: () => ({ compute: deepCopy }),
  }),
  PassthruCalculator: defineCalculator({
    type: 'PassthruCalculator',
    description: 'Its input as is.',
    configSchema: schemas.PassthruCalculator,
    example: { config: {}, input: { a: 1, b: 'x' }, output: { a: 1, b: 'x' } },
    create: () => ({ compute: identity }),
  }),
  AttributeFilterAwayCalculator: defineCalculator({
    type: 'AttributeFilterAwayCalculator',
    description: 'Its input without the listed attributes.',
    configSchema: schemas.AttributeFilterAwayCalculator,
    example: {
      config: { filter_attributes: ['secret'] },
      input: { id: 7, secret: 'pw', total: 30 },
      output: { id: 7, total: 30 },
    },
    create: (c) => ({ compute: filterAway(c.filter_attributes) }),
  }),
  AttributeFilterCalculator: defineCalculator({
    type: 'AttributeFilterCalculator',
    description: 'Only the listed attributes of its input, in its order.',
    configSchema: schemas.AttributeFilterCalculator,
    example: {
      config: { keep_attributes: ['total', 'id'] },
      input: { id: 7, secret: 'pw', total: 30 },
      output: { id: 7, total: 30 },
    },
    create: (c) => ({ compute: keepOnly(c.keep_attributes) }),
  }),
  ApplyDefaultsCalculator: defineCalculator({
    type: 'ApplyDefaultsCalculator',
    description: 'Sets each default where the attribute is missing or null.',
    configSchema: schemas.ApplyDefaultsCalculator,
    example: {
      config: { defaults: { currency: 'EUR', quantity: 1 } },
      input: { price: 5, quantity: null },
      output: { price: 5, quantity: 1, currency: 'EUR' },
    },
    create: (c) => ({ compute: applyDefaults(c.defaults) }),
  }),
  AdditionCalculator: defineCalculator({
    type: 'AdditionCalculator',
    description:
      'The sum of the arguments present, as output_attribute; each read as Python float() reads it ("2.5", true), one that is not a number left out with a warning.',
    configSchema: schemas.AdditionCalculator,
    example: {
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
      input: { a: 2, b: '3.5' },
      output: { sum: 5.5 },
    },
    create: arithmetic('sum', 0, (a, b) => a + b),
  }),
  MultiplicationCalculator: defineCalculator({
    type: 'MultiplicationCalculator',
    description:
      'The product of the arguments present, as output_attribute; each read as Python float() reads it ("2.5", true), one that is not a number left out with a warning.',
    configSchema: schemas.MultiplicationCalculator,
    example: {
      config: { arguments: ['price', 'quantity'], output_attribute: 'total' },
      input: { price: 2.5, quantity: 4 },
      output: { total: 10 },
    },
    create: arithmetic('product', 1, (a, b) => a * b),
  }),
  AttributeNameChangeCalculator: defineCalculator({
    type: 'AttributeNameChangeCalculator',
    description:
      'Renames attributes by name_mapping, entry by entry in order, each moving the current value (a renamed attribute goes last unless its new name was there).',
    configSchema: schemas.AttributeNameChangeCalculator,
    example: {
      config: { name_mapping: { qty: 'quantity' } },
      input: { qty: 3, price: 5 },
      output: { price: 5, quantity: 3 },
    },
    create: (c) => ({ compute: rename(c.name_mapping) }),
  }),
  RandomCalculator: defineCalculator({
    type: 'RandomCalculator',
    description:
      'Its input with a random number from min to max as output_attribute: an integer (both ends included) when integer is set; reproducible with a seed.',
    configSchema: schemas.RandomCalculator,
    example: {
      config: { output_attribute: 'dice', min: 1, max: 6, integer: true, seed: 42 },
      input: { order: 7 },
      output: { order: 7, dice: 4 },
    },
    create: (c) => ({ compute: random(c) }),
  }),
  ExpressionCalculator: defineCalculator({
    type: 'ExpressionCalculator',
    description:
      'A JSONata expression over its input: the value set as output_attribute on the input, or, without output_attribute, the value (an object) as the message.',
    configSchema: schemas.ExpressionCalculator,
    example: {
      config: { expression: 'price * quantity', output_attribute: 'total' },
      input: { price: 2.5, quantity: 4 },
      output: { price: 2.5, quantity: 4, total: 10 },
    },
    create: (c) => ({ compute: expressionStep(c) }),
  }),
  FilterCalculator: defineCalculator({
    type: 'FilterCalculator',
    description:
      'Its input as is when the JSONata condition is true; when false the message stops here (counted as filtered); any other value is an error on the node and the message is dropped.',
    configSchema: schemas.FilterCalculator,
    example: {
      config: { condition: 'total > 5' },
      input: { total: 10 },
      output: { total: 10 },
    },
    create: (c) => ({ compute: filterStep(c) }),
  }),
} satisfies Record<CalculatorType, CalculatorDefinition>;
