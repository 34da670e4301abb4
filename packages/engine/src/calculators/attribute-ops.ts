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
    for (const key of keys) if (key in input) out[key] = input[key];
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
      if (out[key] === undefined || out[key] === null) out[key] = value;
    return out;
  };
}

export function rename(mapping: Readonly<Record<string, string>>): (input: Message) => Message {
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key in input) {
      const target = mapping[key];
      out[target === undefined ? key : target] = input[key];
    }
    return out;
  };
}

export const copy = (input: Message): Message => ({ ...input });
export const identity = (input: Message): Message => input;
