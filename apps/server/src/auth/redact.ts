import {
  problemAt,
  REDACTED,
  redactText,
  SECRET_KEY,
  splitUserinfo,
  urlIdentity,
  type Problem,
} from '@flow/shared';

export { REDACTED };

type Json = Record<string, unknown> | unknown[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isContainer = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** The entries of an array (by index) or of an object (its own enumerable keys). */
const entriesOf = (value: Json): [string | number, unknown][] =>
  Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);

/** Sets one entry of a copy being built: a key `__proto__` stays an own property, never the prototype. */
function put(to: Json, key: string | number, value: unknown): void {
  if (Array.isArray(to)) to[key as number] = value;
  else
    Object.defineProperty(to, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a config with credentials replaced by `***`: the values of secret keys, and the
 * password and secret query parameters of every URL in a string. Iterative, so a config nested
 * thousands of levels (stored before depth was limited) costs a walk, never a stack overflow.
 */
export function redactSecrets<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (!isContainer(value)) return value;
  const root: Json = Array.isArray(value) ? [] : {};
  const stack: { from: Json; to: Json }[] = [{ from: value, to: root }];
  while (stack.length > 0) {
    const { from, to } = stack.pop() as { from: Json; to: Json };
    for (const [key, v] of entriesOf(from)) {
      let out: unknown = v;
      if (typeof key === 'string' && SECRET_KEY.test(key) && v !== null && v !== undefined)
        out = REDACTED;
      else if (typeof v === 'string') out = redactText(v);
      else if (isContainer(v)) {
        out = Array.isArray(v) ? [] : {};
        stack.push({ from: v, to: out as Json });
      }
      put(to, key, out);
    }
  }
  return root as T;
}

/** Keys that, besides the URLs in strings, say where a component connects and as whom. */
const IDENTITY_KEY = /^(url|host|hostname|port|user|username|brokers|connection|servers)$/i;

/**
 * Where a component connects: the scheme, host, port and user of every URL in it, and its
 * `brokers`, `connection`, `host`, `port`, `user` values, each with its place. Two versions of a
 * component with the same identity talk to the same server as the same user.
 */
export function connectionIdentity(component: unknown): string {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: component, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value === 'string') {
      if (value.includes('://')) {
        const identity = urlIdentity(value);
        if (identity) found.push(`${path}=${identity}`);
      }
      continue;
    }
    if (!isContainer(value)) continue;
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}/${key}`;
      // A secret is redacted whole (`sasl: "***"`): what is inside it comes back with it.
      if (!Array.isArray(value) && SECRET_KEY.test(key)) continue;
      const url = typeof v === 'string' && v.includes('://');
      if (!Array.isArray(value) && IDENTITY_KEY.test(key) && typeof v !== 'object' && !url)
        found.push(`${at}=${String(v).toLowerCase()}`);
      else if (!Array.isArray(value) && key.toLowerCase() === 'brokers')
        found.push(`${at}=${JSON.stringify(v).toLowerCase()}`);
      stack.push({ value: v, path: at });
    }
  }
  return found.sort().join('\n');
}

/** The value of query parameter `key` in a URL string, raw. */
function queryParam(url: string, key: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  for (const pair of url.slice(q + 1).split(/[&;#]/)) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq) === key) return pair.slice(eq + 1);
  }
  return undefined;
}

/** A string coming back with `***` where the stored one had credentials: the stored ones put back. */
function restoreString(incoming: string, stored: string): string {
  if (redactText(stored) === incoming) return stored;
  let out = incoming;
  const inParts = splitUserinfo(incoming);
  const storedParts = splitUserinfo(stored);
  if (inParts?.password === REDACTED && storedParts?.password !== undefined)
    out = `${inParts.prefix}${inParts.user}:${storedParts.password}@${inParts.rest}`;
  return out.replace(/([?&;])([^&;=#]*)=\*\*\*(?=[&;#]|$)/g, (whole, sep: string, key: string) => {
    const value = queryParam(stored, key);
    return value === undefined || value === REDACTED ? whole : `${sep}${key}=${value}`;
  });
}

/** Puts stored values back where `incoming` has `***`, place by place, within one component. */
function restoreWithin(incoming: unknown, stored: unknown): unknown {
  const restoreValue = (inc: unknown, sto: unknown): { value: unknown; descend: boolean } => {
    if (inc === REDACTED) return { value: sto ?? inc, descend: false };
    if (typeof inc === 'string' && typeof sto === 'string' && inc.includes(REDACTED))
      return { value: restoreString(inc, sto), descend: false };
    return { value: inc, descend: isContainer(inc) };
  };
  const top = restoreValue(incoming, stored);
  if (!top.descend) return top.value;
  const root: Json = Array.isArray(incoming) ? [] : {};
  const stack: { inc: Json; sto: unknown; to: Json }[] = [
    { inc: incoming as Json, sto: stored, to: root },
  ];
  while (stack.length > 0) {
    const { inc, sto, to } = stack.pop() as (typeof stack)[number];
    for (const [key, v] of entriesOf(inc)) {
      const storedChild = isContainer(sto)
        ? (sto as Record<string | number, unknown>)[key]
        : undefined;
      const { value, descend } = restoreValue(v, storedChild);
      let out = value;
      if (descend) {
        out = Array.isArray(v) ? [] : {};
        stack.push({ inc: v as Json, sto: storedChild, to: out as Json });
      }
      put(to, key, out);
    }
  }
  return root;
}

export interface RestoredConfig {
  readonly config: unknown;
  /** Each `***` left in the config (a credential that must be entered again), with its path. */
  readonly problems: Problem[];
}

/**
 * A config coming back from a browser has `***` where credentials were. A stored credential is
 * put back only into the same component (same section, same name: never by array index) and
 * only when the component still connects where it did (connectionIdentity: scheme, host, port,
 * user, brokers, connection name; not what is inside a secret such as `sasl`, which is kept or
 * replaced whole). Any `***` left is a problem asking for the credential again,
 * so a changed host never receives the stored secret.
 */
export function restoreSecrets(incoming: unknown, stored: unknown): RestoredConfig {
  let config = incoming;
  if (isObject(incoming) && isObject(stored)) {
    const out: Record<string, unknown> = { ...incoming };
    for (const [section, items] of Object.entries(incoming)) {
      const before = stored[section];
      if (!Array.isArray(items) || !Array.isArray(before)) continue;
      const byName = new Map<string, unknown>();
      for (const item of before)
        if (isObject(item) && typeof item.name === 'string') byName.set(item.name, item);
      out[section] = items.map((item: unknown) => {
        if (!isObject(item) || typeof item.name !== 'string') return item;
        const previous = byName.get(item.name);
        if (previous === undefined) return item;
        if (connectionIdentity(item) !== connectionIdentity(previous)) return item;
        return restoreWithin(item, previous);
      });
    }
    config = out;
  }
  return { config, problems: redactedPlaces(config) };
}

/** The places of a config still holding `***` (as a value, a URL password or a query value). */
export function redactedPlaces(config: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: config, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      if (value === REDACTED || value.includes(`:${REDACTED}@`) || value.includes(`=${REDACTED}`))
        problems.push(
          problemAt(
            path,
            'invalid_value',
            `a credential is "${REDACTED}" but it cannot be kept (new component, or its host, port, user or connection changed): enter the credential again`,
          ),
        );
      continue;
    }
    if (!isContainer(value)) continue;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : 1));
}
