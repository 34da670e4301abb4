import { builtinCatalog, type ComponentCatalog } from '@flow/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { z } from 'zod';
import { useTRPC, type CatalogEntry } from '../../trpc';
import type { JsonSchema } from './SchemaForm';

/** The server's catalog of component types (built-ins and plugins) with their config schemas. */
export function useCatalog() {
  const trpc = useTRPC();
  return useQuery(trpc.catalog.list.queryOptions(undefined, { staleTime: Infinity }));
}

export function findEntry(
  entries: readonly CatalogEntry[] | undefined,
  kind: CatalogEntry['kind'],
  type: string,
): (CatalogEntry & { schema: JsonSchema }) | undefined {
  return entries?.find((e) => e.kind === kind && e.type === type) as
    (CatalogEntry & { schema: JsonSchema }) | undefined;
}

function fromJsonSchema(schema: unknown): z.ZodType {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}

/**
 * What the browser validates against: the same built-in zod schemas the server uses, plus the
 * server's plugins from their JSON Schema, so the problems panel says what a save would say.
 */
export function useValidationCatalog(
  entries: readonly CatalogEntry[] | undefined,
): ComponentCatalog {
  return useMemo(() => {
    const plugins = (entries ?? []).filter((e) => e.plugin);
    if (plugins.length === 0) return builtinCatalog;
    const pick = (kind: CatalogEntry['kind'], custom: boolean) =>
      Object.fromEntries(
        plugins
          .filter((e) => e.kind === kind && e.type.startsWith('custom://') === custom)
          .map((e) => [
            custom ? e.type.slice('custom://'.length) : e.type,
            fromJsonSchema(e.schema),
          ]),
      );
    return {
      calculators: { ...builtinCatalog.calculators, ...pick('calculator', false) },
      transformers: { ...builtinCatalog.transformers, ...pick('transformer', false) },
      subscribers: { ...builtinCatalog.subscribers, ...pick('subscriber', false) },
      publishers: { ...builtinCatalog.publishers, ...pick('publisher', false) },
      customSubscribers: pick('subscriber', true),
      customPublishers: pick('publisher', true),
    };
  }, [entries]);
}
