import { targetOf, type HostPolicy } from '@flow/engine';
import {
  brokerList,
  ORIGINAL_BROKER_KEYS,
  problemAt,
  SECRET_KEY,
  type Problem,
} from '@flow/shared';
import { redactedPlaces, restoreSecrets } from '../auth/redact';
import type { Role } from '../store/users';

/** Keys of a component's config that say where it connects: set inline only by admins. */
const INLINE_KEY = /^(url|brokers|host|hostname|port|servers)$/i;
/** An inline setting key: ours, or the original format's broker list (`bootstrap_servers`). */
const isInlineKey = (key: string) =>
  INLINE_KEY.test(key) || ORIGINAL_BROKER_KEYS.includes(key.toLowerCase());

type Path = (string | number)[];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every component of a config (an item with a string `name` in a top-level array), with its path. */
function components(
  config: unknown,
): { path: Path; section: string; item: Record<string, unknown> }[] {
  if (!isObject(config)) return [];
  const out: { path: Path; section: string; item: Record<string, unknown> }[] = [];
  for (const [section, items] of Object.entries(config)) {
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      if (isObject(item) && typeof item.name === 'string')
        out.push({ path: [section, i], section, item });
    });
  }
  return out;
}

/** The inline connection settings of a component: hosts, URLs, brokers and credentials, by key path. */
function inlineSettings(item: Record<string, unknown>): { path: Path; value: unknown }[] {
  const found: { path: Path; value: unknown }[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: item.config, path: ['config'] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Path };
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else if (isObject(value))
      for (const [key, v] of Object.entries(value)) {
        if ((isInlineKey(key) || SECRET_KEY.test(key)) && v !== undefined && v !== null)
          found.push({ path: [...path, key], value: v });
        else stack.push({ value: v, path: [...path, key] });
      }
  }
  return found;
}

function valueAt(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/**
 * What an analyst may not save: a component config that adds or changes an inline host, URL,
 * broker list or credential, compared with the same component (section and name) of the latest
 * stored version. Inline settings an admin stored may stay as they are; admins may set them.
 */
export function inlineConnectionProblems(
  incoming: unknown,
  stored: unknown,
  role: Role,
): Problem[] {
  if (role === 'admin') return [];
  const before = new Map<string, Record<string, unknown>>();
  for (const c of components(stored))
    before.set(`${c.section}\u0000${c.item.name as string}`, c.item);
  const problems: Problem[] = [];
  for (const { path, section, item } of components(incoming)) {
    const previous = before.get(`${section}\u0000${item.name as string}`);
    for (const setting of inlineSettings(item)) {
      if (JSON.stringify(setting.value) === JSON.stringify(valueAt(previous, setting.path)))
        continue;
      problems.push(
        problemAt(
          [...path, ...setting.path],
          'connection_required',
          'only admins may set a host, URL, broker list or credential inline; use a named connection',
        ),
      );
    }
  }
  return problems;
}

/** Host and port of each inline `url` and broker of a config, with its path. */
function inlineTargets(config: unknown): { path: Path; host: string; port: number }[] {
  const out: { path: Path; host: string; port: number }[] = [];
  for (const { path, item } of components(config)) {
    for (const setting of inlineSettings(item)) {
      const key = setting.path[setting.path.length - 1];
      const values =
        key === 'brokers' && Array.isArray(setting.value)
          ? setting.value.map((v, i) => ({ v, at: [...setting.path, i] }))
          : key === 'url'
            ? [{ v: setting.value, at: setting.path }]
            : ORIGINAL_BROKER_KEYS.includes(String(key).toLowerCase())
              ? (brokerList(setting.value) ?? []).map((v, i) => ({
                  v,
                  at: Array.isArray(setting.value) ? [...setting.path, i] : setting.path,
                }))
              : [];
      for (const { v, at } of values) {
        const target = typeof v === 'string' ? targetOf(v) : undefined;
        if (target) out.push({ path: [...path, ...at], ...target });
      }
    }
  }
  return out;
}

/** At most this many distinct inline hosts (and host problems) are checked in one save. */
export const MAX_INLINE_HOST_CHECKS = 100;

/**
 * `host_not_allowed` for each inline URL or broker outside ALLOWED_HOSTS (names are resolved,
 * each host:port once). Past MAX_INLINE_HOST_CHECKS hosts or problems, one problem says the rest
 * are not checked: a broker list of thousands of names is not thousands of DNS lookups.
 */
export async function inlineHostProblems(config: unknown, hosts: HostPolicy): Promise<Problem[]> {
  if (!hosts.restricted) return [];
  const problems: Problem[] = [];
  const checked = new Map<string, string | undefined>();
  for (const target of inlineTargets(config)) {
    const key = `${target.host}\u0000${target.port}`;
    if (
      problems.length >= MAX_INLINE_HOST_CHECKS ||
      (!checked.has(key) && checked.size >= MAX_INLINE_HOST_CHECKS)
    ) {
      problems.push(
        problemAt(
          target.path,
          'host_not_allowed',
          `more than ${MAX_INLINE_HOST_CHECKS} inline hosts to check: the rest are not checked; use named connections (FLOW_CONNECTIONS)`,
        ),
      );
      break;
    }
    if (!checked.has(key)) checked.set(key, await hosts.refusal(target.host, target.port));
    const why = checked.get(key);
    if (why) problems.push(problemAt(target.path, 'host_not_allowed', why));
  }
  return problems;
}

/**
 * The connection checks of a save, in one call: stored credentials put back only where the
 * component still connects where it did (else a problem at each `***`), an analyst's inline
 * connection settings refused, inline hosts checked against ALLOWED_HOSTS.
 */
export async function prepareConnections(
  incoming: unknown,
  stored: unknown,
  role: Role,
  hosts: HostPolicy,
): Promise<{ config: unknown; problems: Problem[] }> {
  const restored =
    stored === undefined
      ? { config: incoming, problems: redactedPlaces(incoming) }
      : restoreSecrets(incoming, stored);
  const problems = [
    ...restored.problems,
    ...inlineConnectionProblems(restored.config, stored, role),
    ...(await inlineHostProblems(restored.config, hosts)),
  ];
  return { config: restored.config, problems };
}
