import { transformerConfigSchemas as schemas, type TransformerType } from '@flow/shared';
import { defineTransformer, type TransformerDefinition } from '../components/definitions';
import { expressionStep } from '../calculators/expression';
import { applyDefaults, copy, filterAway, identity, keepOnly } from '../calculators/attribute-ops';

export const transformers = {
  NullDataTransformer: defineTransformer({
    type: 'NullDataTransformer',
    description: 'A copy of its input.',
    configSchema: schemas.NullDataTransformer,
    example: { config: {}, input: { a: 1, b: { c: 2 } }, output: { a: 1, b: { c: 2 } } },
    create: () => ({ transform: copy }),
  }),
  PassthruDataTransformer: defineTransformer({
    type: 'PassthruDataTransformer',
    description: 'Its input as is.',
    configSchema: schemas.PassthruDataTransformer,
    example: { config: {}, input: { a: 1, b: 'x' }, output: { a: 1, b: 'x' } },
    create: () => ({ transform: identity }),
  }),
  AttributeFilterAwayDataTransformer: defineTransformer({
    type: 'AttributeFilterAwayDataTransformer',
    description: 'Its input without the listed attributes.',
    configSchema: schemas.AttributeFilterAwayDataTransformer,
    example: {
      config: { filter_attributes: ['secret'] },
      input: { id: 7, secret: 'pw', total: 30 },
      output: { id: 7, total: 30 },
    },
    create: (c) => ({ transform: filterAway(c.filter_attributes) }),
  }),
  AttributeFilterDataTransformer: defineTransformer({
    type: 'AttributeFilterDataTransformer',
    description: 'Only the listed attributes of its input.',
    configSchema: schemas.AttributeFilterDataTransformer,
    example: {
      config: { keep_attributes: ['id', 'total'] },
      input: { id: 7, secret: 'pw', total: 30 },
      output: { id: 7, total: 30 },
    },
    create: (c) => ({ transform: keepOnly(c.keep_attributes) }),
  }),
  ApplyDefaultsDataTransformer: defineTransformer({
    type: 'ApplyDefaultsDataTransformer',
    description: 'Sets each default where the attribute is missing or null.',
    configSchema: schemas.ApplyDefaultsDataTransformer,
    example: {
      config: { defaults: { currency: 'EUR' } },
      input: { price: 5, currency: null },
      output: { price: 5, currency: 'EUR' },
    },
    create: (c) => ({ transform: applyDefaults(c.defaults) }),
  }),
  ExpressionDataTransformer: defineTransformer({
    type: 'ExpressionDataTransformer',
    description:
      'A JSONata expression over its input: the value set as output_attribute on the input, or, without output_attribute, the value (an object) as the data.',
    configSchema: schemas.ExpressionDataTransformer,
    example: {
      config: { expression: '{ "id": id, "cents": price * 100 }' },
      input: { id: 7, price: 2.5, note: 'x' },
      output: { id: 7, cents: 250 },
    },
    create: (c) => ({ transform: expressionStep(c) }),
  }),
} satisfies Record<TransformerType, TransformerDefinition>;
