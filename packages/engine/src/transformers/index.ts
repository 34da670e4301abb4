import { transformerConfigSchemas as schemas, type TransformerType } from '@flow/shared';
import { defineTransformer, type TransformerDefinition } from '../components/definitions';
import { expressionStep } from '../calculators/expression';
import { applyDefaults, copy, filterAway, identity, keepOnly } from '../calculators/attribute-ops';

export const transformers = {
  NullDataTransformer: defineTransformer({
    type: 'NullDataTransformer',
    description: 'A copy of its input.',
    configSchema: schemas.NullDataTransformer,
    create: () => ({ transform: copy }),
  }),
  PassthruDataTransformer: defineTransformer({
    type: 'PassthruDataTransformer',
    description: 'Its input as is.',
    configSchema: schemas.PassthruDataTransformer,
    create: () => ({ transform: identity }),
  }),
  AttributeFilterAwayDataTransformer: defineTransformer({
    type: 'AttributeFilterAwayDataTransformer',
    description: 'Its input without the listed attributes.',
    configSchema: schemas.AttributeFilterAwayDataTransformer,
    create: (c) => ({ transform: filterAway(c.filter_attributes) }),
  }),
  AttributeFilterDataTransformer: defineTransformer({
    type: 'AttributeFilterDataTransformer',
    description: 'Only the listed attributes of its input.',
    configSchema: schemas.AttributeFilterDataTransformer,
    create: (c) => ({ transform: keepOnly(c.keep_attributes) }),
  }),
  ApplyDefaultsDataTransformer: defineTransformer({
    type: 'ApplyDefaultsDataTransformer',
    description: 'Sets each default where the attribute is missing or null.',
    configSchema: schemas.ApplyDefaultsDataTransformer,
    create: (c) => ({ transform: applyDefaults(c.defaults) }),
  }),
  ExpressionDataTransformer: defineTransformer({
    type: 'ExpressionDataTransformer',
    description:
      'A JSONata expression over its input: the value set as output_attribute on the input, or, without output_attribute, the value (an object) as the data.',
    configSchema: schemas.ExpressionDataTransformer,
    create: (c) => ({ transform: expressionStep(c) }),
  }),
} satisfies Record<TransformerType, TransformerDefinition>;
