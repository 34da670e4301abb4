import { nodeReferences, referenceSection, uriScheme } from '@flow/shared';
import type { CatalogEntry } from '../../trpc';
import type { DagDoc, NodeSpec } from '../designer/model';
import type { JsonSchema } from '../designer/SchemaForm';

/** One config field of a component, as its help lists it. */
export interface HelpField {
  name: string;
  type: string;
  required: boolean;
  /** The default as JSON, when the field has one. */
  default?: string | undefined;
  description: string;
}

/** A JSON Schema's type in words: `string`, `array of string`, `1 | 0 | -1`, `object`. */
export function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return [...new Set(options.map(typeOf))].join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return schema.items ? `array of ${typeOf(schema.items)}` : 'array';
  if (type === 'integer') return 'whole number';
  if (type === 'object' && !schema.properties && schema.additionalProperties)
    return typeof schema.additionalProperties === 'object'
      ? `map to ${typeOf(schema.additionalProperties)}`
      : 'map';
  return type ?? 'any';
}

/** The config fields of a component's JSON Schema, in the schema's order. */
export function helpFields(schema: JsonSchema | undefined): HelpField[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, field]) => ({
    name,
    type: typeOf(field),
    // A field with a default may be left out, whatever the schema's `required` says.
    required: required.has(name) && field.default === undefined,
    default: field.default === undefined ? undefined : JSON.stringify(field.default),
    description: field.description ?? '',
  }));
}

/** A component a node uses, to show its help: its kind and type (a URI scheme for adapters). */
export interface HelpTopic {
  kind: CatalogEntry['kind'];
  type: string;
  /** The component's name in the DAG. */
  name: string;
}

/** The components a node uses (its subscriber, calculator, publishers, transformers), in order. */
export function helpTopicsOf(spec: NodeSpec, doc: DagDoc): HelpTopic[] {
  const out: HelpTopic[] = [];
  const seen = new Set<string>();
  for (const ref of nodeReferences(spec)) {
    const section = referenceSection[ref.kind];
    const component = doc[section].find((c) => c.name === ref.name);
    if (!component) continue;
    const config = (component.config ?? {}) as Record<string, unknown>;
    const address = String(config.source ?? config.destination ?? '');
    const type =
      'type' in component && typeof component.type === 'string'
        ? component.type
        : uriScheme(address) === 'custom'
          ? address
          : uriScheme(address);
    const key = `${ref.kind}:${type}:${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: ref.kind, type, name: ref.name });
  }
  return out;
}
