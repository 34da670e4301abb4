import type { PathSegments, Problem } from '@flow/shared';
import { dict } from '../../../dict';

/**
 * Problems at or under `prefix` (a component's config, or `[]` for the DAG's settings), by the
 * property they are about: the key right after the prefix (`''` when there is none).
 */
export function fieldErrors(
  problems: readonly Problem[],
  prefix: PathSegments,
): Record<string, string> {
  const out = dict<string>();
  for (const p of problems) {
    if (!prefix.every((segment, i) => p.segments[i] === segment)) continue;
    const next = p.segments[prefix.length];
    const key = typeof next === 'string' ? next : '';
    out[key] = out[key] ? `${out[key]}; ${p.message}` : p.message;
  }
  return out;
}
