import { MAX_JSON_DEPTH } from '@flow/shared';

/**
 * A message is a JSON object that nothing in the engine mutates once it is created: calculators
 * and transformers return new objects and may share unchanged values with their input.
 */
export type Message = Readonly<Record<string, unknown>>;

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when objects and arrays in `value` nest `maxDepth` levels or more below it (the value itself
 * is level 0), as `jsonLimitProblems` counts. Stops at the limit, so it recurses at most `maxDepth`
 * frames whatever the value, and costs one look at each value of a flat message.
 */
export function nestsTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  return typeof value === 'object' && value !== null && deeper(value, 0, maxDepth);
}

/** Whether `value` (an object or array at `depth`) nests too deep; primitives are never visited. */
function deeper(value: object, depth: number, maxDepth: number): boolean {
  if (depth >= maxDepth) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null && deeper(item, depth + 1, maxDepth))
        return true;
    }
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && deeper(item, depth + 1, maxDepth)) return true;
  }
  return false;
}

/** Why a message nested too deep is refused: the live view and the store could not take it. */
export const TOO_DEEP_REASON = `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`;

/** A short, single-line preview of a payload for error records. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
