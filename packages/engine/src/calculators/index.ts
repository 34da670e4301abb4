import { calculatorConfigSchemas as schemas, type CalculatorType } from '@flow/shared';
import {
  defineCalculator,
  type CalculatorDefinition,
  type ComputeContext,
} from '../components/definitions';
import type { Message } from '../message';
import { applyDefaults, copy, filterAway, identity, keepOnly, rename } from './attribute-ops';

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
          else if (value !== undefined && value !== null && Object.hasOwn(input, arg)) {
            context.warn(
              `argument "${arg}" is ${typeof value} ${JSON.stringify(value)}, not a number: left out of the ${name}`,
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
    description: 'A copy of its input.',
    configSchema: schemas.NullCalculator,
    create: () => ({ compute: copy }),
  }),
  PassthruCalculator: defineCalculator({
    type: 'PassthruCalculator',
    description: 'Its input as is.',
    configSchema: schemas.PassthruCalculator,
    create: () => ({ compute: identity }),
  }),
  AttributeFilterAwayCalculator: defineCalculator({
    type: 'AttributeFilterAwayCalculator',
    description: 'Its input without the listed attributes.',
    configSchema: schemas.AttributeFilterAwayCalculator,
    create: (c) => ({ compute: filterAway(c.filter_attributes) }),
  }),
  AttributeFilterCalculator: defineCalculator({
    type: 'AttributeFilterCalculator',
    description: 'Only the listed attributes of its input.',
    configSchema: schemas.AttributeFilterCalculator,
    create: (c) => ({ compute: keepOnly(c.keep_attributes) }),
  }),
  ApplyDefaultsCalculator: defineCalculator({
    type: 'ApplyDefaultsCalculator',
    description: 'Sets each default where the attribute is missing or null.',
    configSchema: schemas.ApplyDefaultsCalculator,
    create: (c) => ({ compute: applyDefaults(c.defaults) }),
  }),
  AdditionCalculator: defineCalculator({
    type: 'AdditionCalculator',
    description: 'The sum of the numeric arguments present, as output_attribute.',
    configSchema: schemas.AdditionCalculator,
    create: arithmetic('sum', 0, (a, b) => a + b),
  }),
  MultiplicationCalculator: defineCalculator({
    type: 'MultiplicationCalculator',
    description: 'The product of the numeric arguments present, as output_attribute.',
    configSchema: schemas.MultiplicationCalculator,
    create: arithmetic('product', 1, (a, b) => a * b),
  }),
  AttributeNameChangeCalculator: defineCalculator({
    type: 'AttributeNameChangeCalculator',
    description: 'Renames attributes by name_mapping.',
    configSchema: schemas.AttributeNameChangeCalculator,
    create: (c) => ({ compute: rename(c.name_mapping) }),
  }),
} satisfies Record<CalculatorType, CalculatorDefinition>;
