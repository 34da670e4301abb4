import { z } from 'zod';

/**
 * The config schemas of every built-in component. The engine parses configs with them, the
 * server turns them into JSON Schema for the palette, and the web app draws its forms from them.
 */

const attributeList = z.array(z.string().min(1)).describe('attribute names');
const defaults = z.record(z.string(), z.unknown()).describe('attribute -> default value');

const empty = z.strictObject({});
const filterAway = z.strictObject({ filter_attributes: attributeList });
const keepOnly = z.strictObject({ keep_attributes: attributeList });
const applyDefaults = z.strictObject({ defaults });
const arithmetic = z.strictObject({
  arguments: attributeList.min(1),
  output_attribute: z.string().min(1).default('result'),
});
const rename = z.strictObject({
  name_mapping: z.record(z.string(), z.string().min(1)).describe('old name -> new name'),
});

export const calculatorConfigSchemas = {
  NullCalculator: empty,
  PassthruCalculator: empty,
  AttributeFilterAwayCalculator: filterAway,
  AttributeFilterCalculator: keepOnly,
  ApplyDefaultsCalculator: applyDefaults,
  AdditionCalculator: arithmetic,
  MultiplicationCalculator: arithmetic,
  AttributeNameChangeCalculator: rename,
} as const;

export const transformerConfigSchemas = {
  NullDataTransformer: empty,
  PassthruDataTransformer: empty,
  AttributeFilterAwayDataTransformer: filterAway,
  AttributeFilterDataTransformer: keepOnly,
  ApplyDefaultsDataTransformer: applyDefaults,
} as const;

export type CalculatorType = keyof typeof calculatorConfigSchemas;
export type TransformerType = keyof typeof transformerConfigSchemas;
export type CalculatorConfig<T extends CalculatorType> = z.infer<
  (typeof calculatorConfigSchemas)[T]
>;
export type TransformerConfig<T extends TransformerType> = z.infer<
  (typeof transformerConfigSchemas)[T]
>;

export const calculatorTypes = Object.keys(calculatorConfigSchemas) as CalculatorType[];
export const transformerTypes = Object.keys(transformerConfigSchemas) as TransformerType[];

// ---- subscribers and publishers: one schema per URI scheme ----

const maxDepth = z
  .int()
  .positive()
  .max(10_000_000)
  .default(10_000)
  .describe('bounded queue of the subscriber node');

const memUri = z.string().regex(/^mem:\/\/(queue|topic)\/[A-Za-z0-9_.-]+$/, {
  error: 'must be mem://queue/NAME or mem://topic/NAME',
});
const fileUri = z.string().regex(/^file:(\/\/\/)?[^\0]+$/, {
  error: 'must be file:///absolute/path or file:path/relative/to/the/dag/file',
});
const customUri = z.string().regex(/^custom:\/\/[A-Za-z0-9_]+$/, {
  error: 'must be custom://NAME, where NAME is a plugin',
});

const subscriberBase = {
  max_depth: maxDepth,
};

const publisherBase = {
  batch_size: z.int().positive().default(1),
  publish_interval: z.number().min(0).default(0).describe('seconds between batch flushes'),
};

const pluginOptions = z.record(z.string(), z.unknown()).default({});

export const subscriberConfigSchemas = {
  mem: z.strictObject({ source: memUri, ...subscriberBase }),
  file: z.strictObject({
    source: fileUri,
    ...subscriberBase,
    poll_interval_ms: z
      .int()
      .positive()
      .default(200)
      .describe('how often the file is checked for new lines'),
  }),
  metronome: z.strictObject({
    source: z.literal('metronome'),
    ...subscriberBase,
    interval_ms: z.int().positive().default(1000),
  }),
  custom: z.strictObject({ source: customUri, ...subscriberBase, options: pluginOptions }),
} as const;

export const publisherConfigSchemas = {
  mem: z.strictObject({ destination: memUri, ...publisherBase }),
  file: z.strictObject({ destination: fileUri, ...publisherBase }),
  custom: z.strictObject({ destination: customUri, ...publisherBase, options: pluginOptions }),
} as const;

export type SubscriberScheme = keyof typeof subscriberConfigSchemas;
export type PublisherScheme = keyof typeof publisherConfigSchemas;
export type SubscriberConfig = z.infer<(typeof subscriberConfigSchemas)[SubscriberScheme]>;
export type PublisherConfig = z.infer<(typeof publisherConfigSchemas)[PublisherScheme]>;

/** The scheme of an adapter URI: `mem://queue/x` -> `mem`, `file:///tmp/a` -> `file`, `metronome` -> `metronome`. */
export function uriScheme(uri: string): string {
  const colon = uri.indexOf(':');
  return colon === -1 ? uri : uri.slice(0, colon);
}
