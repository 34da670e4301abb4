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

export function keepOnly(keys: readonly string[]): (input: Message) => Message {
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key of keys) if (Object.hasOwn(input, key)) out[key] = input[key];
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
 * Renames keys by `mapping`. Only the mapping's own keys rename: a message key such as
 * `constructor` is not looked up on Object.prototype. A mapping of up to four names compares
 * keys directly (interned strings compare by pointer), faster than any lookup.
 */
export function rename(mapping: Readonly<Record<string, string>>): (input: Message) => Message {
  const from = Object.keys(mapping);
  const to = from.map((key) => mapping[key] as string);
  if (from.length <= 4) {
    return (input) => {
      const out: Record<string, unknown> = {};
      for (const key in input) {
        let name = key;
        for (let i = 0; i < from.length; i++) {
          if (key === from[i]) {
            name = to[i] as string;
            break;
          }
        }
        out[name] = input[key];
      }
      return out;
    };
  }
  const targets = new Map(from.map((key, i) => [key, to[i] as string]));
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key in input) out[targets.get(key) ?? key] = input[key];
    return out;
  };
}

export const copy = (input: Message): Message => ({ ...input });
export const identity = (input: Message): Message => input;
