import { componentsOf } from './edits';
import type { EditorGraph, NodeSpec } from './model';

/** One node found by the canvas search: its name, type and where the query matched. */
export interface FindHit {
  name: string;
  type: string;
  where: string;
}

const MAX_VALUE = 60;

/** The type shown for a node: its node type, and its calculator's type if it has one. */
export function typeOf(spec: NodeSpec, doc: EditorGraph['doc']): string {
  const calc = componentsOf(spec).find(([sec]) => sec === 'calculators')?.[1];
  const calcType = calc && doc.calculators.find((c) => c.name === calc)?.type;
  return calcType ? `${spec.type} · ${calcType}` : spec.type;
}

/** Every leaf value of a config with its path (`a.b[0]`), strings, numbers and booleans. */
function* leaves(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    yield [path, String(value)];
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* leaves(v, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* leaves(v, path ? `${path}.${k}` : k);
}

const shortened = (text: string) =>
  text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;

/**
 * The nodes whose name, type or config (theirs, or of a component they use) contains `query`,
 * case-insensitive: name matches first, then type, then config; at most `limit`.
 */
export function findNodes(
  { doc, nodes }: Pick<EditorGraph, 'doc' | 'nodes'>,
  query: string,
  limit = 50,
): FindHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const has = (text: string) => text.toLowerCase().includes(q);
  const ranked: [number, FindHit][] = [];
  for (const n of nodes) {
    const spec = n.data.spec;
    const type = typeOf(spec, doc);
    if (has(spec.name)) {
      ranked.push([0, { name: spec.name, type, where: 'name' }]);
      continue;
    }
    if (has(type)) {
      ranked.push([1, { name: spec.name, type, where: 'type' }]);
      continue;
    }
    const configs: [string, unknown][] = [['config', spec.config]];
    for (const [section, name] of componentsOf(spec)) {
      const component = (doc[section] as { name: string; type?: string; config?: unknown }[]).find(
        (c) => c.name === name,
      );
      if (!component) continue;
      configs.push([`${section.replace(/s$/, '')} ${name}`, component.config]);
      if (component.type && has(component.type)) configs.push([`${section} type`, component.type]);
    }
    let where: string | undefined;
    for (const [place, config] of configs) {
      for (const [path, value] of leaves(config, '')) {
        if (has(value) || (path && has(path.split('.').at(-1) ?? ''))) {
          where = `${place}${path ? ` ${path}` : ''} = ${shortened(value)}`;
          break;
        }
      }
      if (where) break;
    }
    if (where) ranked.push([2, { name: spec.name, type, where }]);
  }
  return ranked
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, hit]) => hit);
}
