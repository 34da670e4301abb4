import type { z } from 'zod';
import { uriScheme } from './components';
import { isRecord, items, own, sections, singular, type Add, type Parsed } from './config-walk';
import { KnownNames, type Suggester } from './suggest';
import type { ComponentCatalog } from './validate';
import { fromZodIssue } from './zod-problems';

export type ParsedComponents = Record<
  'subscribers' | 'publishers' | 'calculators' | 'transformers',
  Parsed[]
>;

/**
 * Checks names are unique per section and every component's config against the schema of its
 * type or URI scheme; returns the parsed configs (defaults applied) by section and index.
 */
export function checkComponents(
  dag: Parsed,
  catalog: ComponentCatalog,
  add: Add,
  suggester: Suggester,
): ParsedComponents {
  const parsed: ParsedComponents = {
    subscribers: [],
    publishers: [],
    calculators: [],
    transformers: [],
  };
  const parse = (schema: z.ZodType, config: unknown, at: PropertyKey[]) =>
    parseConfig(schema, config, at, add, suggester);
  for (const section of sections) {
    const seen = new Map<string, number>();
    items(dag, section).forEach((item, i) => {
      const name = item.name;
      if (typeof name !== 'string') return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else
        add(
          [section, i, 'name'],
          'duplicate_name',
          `"${name}" is already the name of ${section}[${first}]`,
        );
    });
  }
  for (const kind of ['calculators', 'transformers'] as const) {
    const schemas = catalog[kind];
    let known: KnownNames | undefined;
    items(dag, kind).forEach((item, i) => {
      if (typeof item.type !== 'string') return;
      const schema = own(schemas, item.type);
      if (!schema) {
        known ??= new KnownNames(Object.keys(schemas));
        add(
          [kind, i, 'type'],
          'unknown_type',
          `unknown ${singular(kind)} type ${quote(item.type)}${suggester.suggest(item.type, known)}; known types: ${Object.keys(schemas).join(', ')}`,
        );
        return;
      }
      if (item.config !== undefined && !isRecord(item.config)) return; // reported by the structural check
      const config = parse(schema, item.config ?? {}, [kind, i, 'config']);
      if (config) parsed[kind][i] = config;
    });
  }
  for (const [kind, key, custom] of [
    ['subscribers', 'source', 'customSubscribers'],
    ['publishers', 'destination', 'customPublishers'],
  ] as const) {
    items(dag, kind).forEach((item, i) => {
      if (!isRecord(item.config)) return;
      const uri = own(item.config, key);
      if (typeof uri !== 'string') return;
      const scheme = uriScheme(uri);
      const schema = own(catalog[kind], scheme);
      const where = [kind, i, 'config', key];
      if (!schema) {
        const known = Object.keys(catalog[kind]);
        add(
          where,
          'unknown_scheme',
          `${quote(uri)} has no ${singular(kind)} adapter for ${quote(scheme)}; known: ${known.join(', ')}`,
        );
        return;
      }
      const config = parse(schema, item.config, [kind, i, 'config']);
      if (!config) return;
      parsed[kind][i] = config;
      if (typeof config.dead_letter === 'string') {
        const deadScheme = uriScheme(config.dead_letter);
        if (!own(catalog.publishers, deadScheme) || deadScheme === 'custom') {
          add(
            [kind, i, 'config', 'dead_letter'],
            'unknown_scheme',
            `dead_letter ${quote(config.dead_letter)} has no publisher adapter for ${quote(deadScheme)}; known: ${Object.keys(
              catalog.publishers,
            )
              .filter((k) => k !== 'custom')
              .join(', ')}`,
          );
        }
      }
      if (scheme === 'custom') {
        const type = uri.replace(/^custom:\/\//, '');
        const options = own(catalog[custom], type);
        if (!options) {
          const known = Object.keys(catalog[custom]);
          add(
            where,
            'unknown_type',
            `no plugin ${singular(kind)} named ${quote(type)}${known.length ? `; plugins: ${known.join(', ')}` : ' is installed'}`,
          );
          return;
        }
        const parsedOptions = parse(options, config.options ?? {}, [kind, i, 'config', 'options']);
        if (parsedOptions) parsed[kind][i] = { ...config, options: parsedOptions };
      }
    });
  }
  return parsed;
}

/** Parses a component config with its schema; reports each issue and returns undefined on failure. */
function parseConfig(
  schema: z.ZodType,
  config: unknown,
  at: PropertyKey[],
  add: Add,
  suggester: Suggester,
): Parsed | undefined {
  const result = schema.safeParse(config);
  if (result.success) return result.data as Parsed;
  for (const issue of result.error.issues) {
    for (const p of fromZodIssue(issue, at, config, suggester)) add(p.segments, p.code, p.message);
  }
  return undefined;
}

/** A user's string in a message: quoted, and cut when long (a URI may be 2,000 characters). */
function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}
