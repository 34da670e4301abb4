import type { Connections } from '@flow/shared';
import { AdapterError } from '../errors';

/**
 * The settings of a component: inline ones win, else the named connection, else the connection
 * named `default`. A missing named connection is an error shown on the node.
 */
export function resolveConnection<K extends keyof Connections>(
  kind: K,
  connections: Connections,
  name: string | undefined,
): Connections[K][string] {
  const chosen = name ?? 'default';
  const named = connections[kind];
  // Only the map's own names: "constructor" must not find Object.prototype's.
  const settings = Object.hasOwn(named, chosen) ? named[chosen] : undefined;
  if (!settings) {
    const known = Object.keys(named);
    throw new AdapterError(
      `no ${kind} connection named "${chosen}" in the server settings${known.length ? ` (known: ${known.join(', ')})` : ''}`,
    );
  }
  return settings as Connections[K][string];
}
