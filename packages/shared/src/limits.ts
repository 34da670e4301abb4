import { problemAt, type Problem } from './problems';

/** How deep a config or a message may nest (objects and arrays); deeper is refused with its path. */
export const MAX_JSON_DEPTH = 64;
/** The longest name (DAG, component, node, connection) accepted. */
export const MAX_NAME_LENGTH = 128;
/** The longest attribute (message key) a component config names: in filters, mappings, defaults. */
export const MAX_ATTRIBUTE_LENGTH = 256;
/** The longest adapter URI, connection URL, broker address or other short setting in a config. */
export const MAX_URI_LENGTH = 2048;
/** The longest time zone name (the longest IANA name has 32 characters). */
export const MAX_TIMEZONE_LENGTH = 64;
/**
 * The longest interval a timer takes, in milliseconds (2^31 - 1, about 24.8 days): Node fires a
 * timer set past it after 1 ms, so a metronome ticking monthly would tick every millisecond.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** At most this many limit problems are listed for one value: the rest are the same mistake. */
const MAX_LIMIT_PROBLEMS = 20;

export interface JsonLimitOptions {
  readonly maxDepth?: number;
}

/**
 * What in a JSON value breaks the limits every input shares, each with its path: nesting deeper
 * than `maxDepth`, a NUL character in a string or key (PostgreSQL cannot store it), and a key
 * named `__proto__` (it would vanish from objects built by spreading). Iterative, so a value
 * nested 100,000 levels costs a walk and never overflows the stack.
 */
export function jsonLimitProblems(
  value: unknown,
  prefix: readonly PropertyKey[] = [],
  options: JsonLimitOptions = {},
): Problem[] {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const problems: Problem[] = [];
  const stack: { value: unknown; path: PropertyKey[]; depth: number }[] = [
    { value, path: [...prefix], depth: 0 },
  ];
  while (stack.length > 0 && problems.length < MAX_LIMIT_PROBLEMS) {
    const { value: v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        problems.push(
          problemAt(
            path,
            'invalid_character',
            'contains a NUL character (\\u0000), which is not allowed',
          ),
        );
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) {
      problems.push(
        problemAt(path, 'too_deep', `nests deeper than ${maxDepth} levels of objects and arrays`),
      );
      continue;
    }
    const entries: [PropertyKey, unknown][] = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.keys(v).map((key) => [key, (v as Record<string, unknown>)[key]]);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [PropertyKey, unknown];
      const at = [...path, key];
      if (typeof key === 'string' && key === '__proto__') {
        problems.push(problemAt(at, 'reserved_key', 'the key "__proto__" is not allowed'));
        continue;
      }
      if (typeof key === 'string' && key.includes('\u0000')) {
        problems.push(
          problemAt(
            at,
            'invalid_character',
            'the key contains a NUL character (\\u0000), which is not allowed',
          ),
        );
        continue;
      }
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return problems;
}

/** The longest part of a config value a message quotes; a longer one is cut with "…". */
export const MAX_QUOTED_LENGTH = 120;

/** A string cut to `max` characters, with "…" when cut: for a value named in a message. */
export function cutText(text: string, max = MAX_QUOTED_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A config value quoted for a message, as JSON, cut to `max` characters: a message names what
 * is wrong without echoing a value of any size back (issue 15).
 */
export function quoteValue(value: unknown, max = MAX_QUOTED_LENGTH): string {
  if (typeof value === 'string') return JSON.stringify(cutText(value, max));
  return cutText(JSON.stringify(value) ?? String(value), max);
}
