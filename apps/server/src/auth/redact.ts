/** Keys whose values are credentials: never sent to a browser, never logged. */
const SECRET_KEY = /pass(word|code)?|secret|token|credential|api_?key|sasl/i;
export const REDACTED = '***';

/** A copy of a config with credentials replaced by `***` (also the password part of URLs). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => redactSecrets(v)) as T;
  if (typeof value === 'string')
    return value.replace(/(\/\/[^:@/\s]+:)[^@/\s]+@/g, `$1${REDACTED}@`) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined ? REDACTED : redactSecrets(v);
  return out as T;
}

/**
 * A config coming back from a browser has `***` where credentials were: put back the stored
 * values at those places, so that saving a redacted config keeps its secrets.
 */
export function restoreSecrets(incoming: unknown, stored: unknown): unknown {
  if (incoming === REDACTED) return stored;
  if (
    typeof incoming === 'string' &&
    typeof stored === 'string' &&
    incoming.includes(`:${REDACTED}@`)
  ) {
    const password = /\/\/[^:@/\s]+:([^@/\s]+)@/.exec(stored)?.[1];
    return password ? incoming.replace(`:${REDACTED}@`, `:${password}@`) : incoming;
  }
  if (Array.isArray(incoming))
    return incoming.map((v, i) => restoreSecrets(v, Array.isArray(stored) ? stored[i] : undefined));
  if (typeof incoming === 'object' && incoming !== null) {
    const from =
      typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
    return Object.fromEntries(
      Object.entries(incoming).map(([k, v]) => [k, restoreSecrets(v, from[k])]),
    );
  }
  return incoming;
}
