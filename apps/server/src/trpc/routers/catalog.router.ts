import { z } from 'zod';
import {
  addressTemplate,
  publisherDescriptions,
  subscriberDescriptions,
  type CatalogEntry,
} from '@flow/shared';
import { router, viewerProcedure } from '../init';

function describe(schema: z.ZodType): { schema: unknown; defaults: unknown } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const parsed = schema.safeParse({});
  return { schema: json, defaults: parsed.success ? parsed.data : {} };
}

/** A built-in scheme's description; a scheme such as `constructor` finds none. */
function own(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export const catalogRouter = router({
  /** Every component type, built-in and plugin, with its config schema, for the palette and forms. */
  list: viewerProcedure.query(({ ctx }): CatalogEntry[] => {
    const registry = ctx.services.app.engine.registry;
    const entries: CatalogEntry[] = [];
    for (const [type, d] of registry.calculators)
      entries.push({
        kind: 'calculator',
        type,
        description: d.description,
        plugin: false,
        ...describe(d.configSchema),
        ...(d.example ? { example: d.example } : {}),
      });
    for (const [type, d] of registry.transformers)
      entries.push({
        kind: 'transformer',
        type,
        description: d.description,
        plugin: false,
        ...describe(d.configSchema),
        ...(d.example ? { example: d.example } : {}),
      });
    for (const [scheme, d] of registry.subscriberAdapters)
      entries.push({
        kind: 'subscriber',
        type: scheme,
        description: own(subscriberDescriptions, scheme) ?? `${scheme} subscriber`,
        plugin: false,
        address: addressTemplate(scheme),
        ...describe(d.configSchema),
      });
    for (const [scheme, d] of registry.publisherAdapters)
      entries.push({
        kind: 'publisher',
        type: scheme,
        description: own(publisherDescriptions, scheme) ?? `${scheme} publisher`,
        plugin: false,
        address: addressTemplate(scheme),
        ...describe(d.configSchema),
      });
    for (const [type, d] of registry.customSubscribers)
      entries.push({
        kind: 'subscriber',
        type: `custom://${type}`,
        description: d.description,
        plugin: true,
        address: addressTemplate(`custom://${type}`),
        ...describe(d.configSchema),
      });
    for (const [type, d] of registry.customPublishers)
      entries.push({
        kind: 'publisher',
        type: `custom://${type}`,
        description: d.description,
        plugin: true,
        address: addressTemplate(`custom://${type}`),
        ...describe(d.configSchema),
      });
    return entries.map((e) => ({
      ...e,
      plugin: e.plugin || registry.plugins.has(`${e.kind}:${e.type}`),
    }));
  }),
});
