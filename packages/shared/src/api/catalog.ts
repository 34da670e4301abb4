import { z } from 'zod';

/** `catalog.list`: every component type, built-in and plugin, for the palette and the forms. */

export const componentKinds = ['calculator', 'transformer', 'subscriber', 'publisher'] as const;

/**
 * What a component does, shown in its help: a config, an input message and the output it gives
 * (a unit test runs each built-in's example through the real component).
 */
export const componentExampleSchema = z
  .object({
    config: z.record(z.string(), z.unknown()),
    input: z.record(z.string(), z.unknown()),
    output: z.record(z.string(), z.unknown()),
  })
  .readonly();
export type ComponentExample = z.infer<typeof componentExampleSchema>;

export const catalogEntrySchema = z
  .object({
    kind: z.enum(componentKinds),
    /** A calculator or transformer type, an adapter's URI scheme, or `custom://type`. */
    type: z.string(),
    description: z.string(),
    plugin: z.boolean(),
    /** The config's JSON Schema (input side: optional keys with defaults are optional). */
    schema: z.unknown().optional(),
    /** The config a new component gets: the schema's defaults. */
    defaults: z.unknown().optional(),
    /** Subscribers and publishers: the address a new one starts with, `{name}` for its name. */
    address: z.string().optional(),
    /** Built-in calculators and transformers: an example, for the component's help. */
    example: componentExampleSchema.optional(),
  })
  .readonly();
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
