import { isRecord, own } from './config-walk';

/** What a node refers to by name: the components of the config's sections. */
export type ReferenceKind = 'subscriber' | 'publisher' | 'calculator' | 'transformer';

/** The section of a DAG config that defines the components of each kind. */
export const referenceSection = {
  subscriber: 'subscribers',
  publisher: 'publishers',
  calculator: 'calculators',
  transformer: 'transformers',
} as const satisfies Record<ReferenceKind, string>;

/** One name a node refers to, and where in the node it is written (`['config', 'publishers', 0]`). */
export interface NodeReference {
  readonly kind: ReferenceKind;
  readonly name: string;
  readonly segments: readonly ['config', string] | readonly ['config', string, number];
}

/** The config keys holding one name, and those holding a list of names, with what they name. */
const single = [
  ['subscriber', 'subscriber'],
  ['calculator', 'calculator'],
] as const;
const lists = [
  ['publishers', 'publisher'],
  ['input_transformers', 'transformer'],
  ['output_transformers', 'transformer'],
] as const;

/**
 * The names a node refers to (subscriber, calculator, publishers, input and output transformers),
 * in that order, each with its place in the node. The one walk the validator, the editor's
 * rename and delete, and the problems list share. It reads any value (a raw config not yet
 * validated as well as a typed node spec); what is not a string is not a name and is skipped.
 */
export function nodeReferences(spec: unknown): NodeReference[] {
  const config = isRecord(spec) ? own(spec, 'config') : undefined;
  if (!isRecord(config)) return [];
  const out: NodeReference[] = [];
  for (const [key, kind] of single) {
    const name = own(config, key);
    if (typeof name === 'string') out.push({ kind, name, segments: ['config', key] });
  }
  for (const [key, kind] of lists) {
    const names = own(config, key);
    if (!Array.isArray(names)) continue;
    names.forEach((name: unknown, i) => {
      if (typeof name === 'string') out.push({ kind, name, segments: ['config', key, i] });
    });
  }
  return out;
}

/**
 * A copy of a node spec with each reference replaced by `rename(reference)`; the spec itself when
 * no name changes (so that an unchanged node keeps its identity for React and undo).
 */
export function renameReferences<T extends { readonly config: object }>(
  spec: T,
  rename: (reference: NodeReference) => string,
): T {
  const changes = nodeReferences(spec).flatMap((ref) => {
    const to = rename(ref);
    return to === ref.name ? [] : [{ ref, to }];
  });
  if (changes.length === 0) return spec;
  const config: Record<string, unknown> = { ...spec.config };
  for (const { ref, to } of changes) {
    const [, key, index] = ref.segments;
    const list = config[key];
    if (index === undefined) config[key] = to;
    else if (Array.isArray(list)) config[key] = list.map((name, i) => (i === index ? to : name));
  }
  return { ...spec, config };
}
