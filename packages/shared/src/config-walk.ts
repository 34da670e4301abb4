import type { ProblemCode } from './problems';

/** What the checks of a DAG config share: a way to report a problem and to read the raw document. */
export type Add = (
  segments: readonly PropertyKey[],
  code: ProblemCode,
  message: string,
  nodes?: readonly string[],
) => void;
export type Parsed = Record<string, unknown>;

export const sections = [
  'subscribers',
  'publishers',
  'calculators',
  'transformers',
  'nodes',
] as const;
export type Section = (typeof sections)[number];

/** The entries of a section of the raw document; an entry that is not an object reads as `{}`. */
export function items(dag: Parsed, section: Section | 'edges'): Parsed[] {
  const list = own(dag, section);
  return Array.isArray(list) ? list.map((v) => (isRecord(v) ? v : {})) : [];
}

export function isRecord(v: unknown): v is Parsed {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `record[key]` when the record itself has that key: a user's string such as `constructor` or
 * `__proto__` never reaches Object.prototype.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function singular(section: string): string {
  return section.replace(/s$/, '');
}
