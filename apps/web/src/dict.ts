/**
 * An empty record without a prototype, for records keyed by a user's names: a node named
 * `constructor` or `toString` finds only what was put there, never Object.prototype's members.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
