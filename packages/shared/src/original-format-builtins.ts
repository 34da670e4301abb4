import { z } from 'zod';
import { calculatorConfigSchemas, transformerConfigSchemas } from './components';
import type { Parsed } from './config-walk';

/**
 * The config of a built-in calculator or transformer of the original system (DishtaYantra) as
 * ours reads it (issue 15). The original reads each key with a default (`filter_attributes`,
 * `keep_attributes`, `name_mapping` and `defaults` are empty when left out) and ignores any key it
 * does not read; here a left-out key gets the original's default, and a key the built-in does not
 * read is left out with a warning, so the DAG computes what the original computed.
 */

/** The original's defaults of the keys ours requires, by built-in type. */
const ORIGINAL_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  AttributeFilterAwayCalculator: { filter_attributes: [] },
  AttributeFilterAwayDataTransformer: { filter_attributes: [] },
  AttributeFilterCalculator: { keep_attributes: [] },
  AttributeFilterDataTransformer: { keep_attributes: [] },
  ApplyDefaultsCalculator: { defaults: {} },
  ApplyDefaultsDataTransformer: { defaults: {} },
  AttributeNameChangeCalculator: { name_mapping: {} },
};

const schemas: Readonly<Record<string, z.ZodType>> = {
  ...calculatorConfigSchemas,
  ...transformerConfigSchemas,
};

/** The keys a built-in's config schema reads, or undefined when it is not an object schema. */
function keysOf(type: string): readonly string[] | undefined {
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

export function originalBuiltinConfig(
  type: string,
  config: Parsed,
  warn: (key: string, message: string) => void,
): Parsed {
  const keys = keysOf(type);
  const out: Parsed = {};
  for (const [key, value] of Object.entries(config)) {
    if (keys === undefined || keys.includes(key)) out[key] = value;
    else
      warn(
        key,
        `${key} is ignored: ${type} reads ${keys.length > 0 ? keys.join(', ') : 'no key'}, ` +
          'here as in the original system',
      );
  }
  const defaults = Object.hasOwn(ORIGINAL_DEFAULTS, type) ? ORIGINAL_DEFAULTS[type] : {};
  for (const [key, value] of Object.entries(defaults ?? {}))
    if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}
