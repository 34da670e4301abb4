import type { Parsed } from './config-walk';
import { warningAt, type Warning } from './problems';

/**
 * Node and edge forms of the original system (DishtaYantra) in its file format, converted into
 * ours (issue 15); called by convertOriginalFormat (original-format.ts). What these forms do is
 * built in our format too (dag-schema.ts): `pname` on an edge, a source node with its own
 * calculator, transformers and publishers, PublisherSinkNode and SinkNode, `propagate`.
 */

/** Plugin types by the dotted names they declare as `aliases` (`pkg.module.MyCalculator`). */
export interface ComponentAliases {
  readonly calculators?: Readonly<Record<string, string>>;
  readonly transformers?: Readonly<Record<string, string>>;
}

/** How a file of the original format propagates when it does not say: as the original does. */
export const ORIGINAL_PROPAGATE = 'changes';

/**
 * The original recomputes a node only when its merged input changed and passes on only a changed
 * output: a file of its format without `propagate` gets `"changes"` (ours keeps `"every"`).
 */
export function applyOriginalDefaults(dag: Parsed): void {
  if (!Object.hasOwn(dag, 'propagate')) dag.propagate = ORIGINAL_PROPAGATE;
}

/**
 * An edge's `pname` as ours takes it: the original strips spaces around it and reads an empty
 * one as none. Undefined when the edge is to have none (with a warning); anything not a string
 * is kept for the validator to refuse.
 */
export function convertPname(
  value: unknown,
  at: readonly PropertyKey[],
  warnings: Warning[],
): unknown {
  if (typeof value !== 'string') return value;
  const key = value.trim();
  if (key === '' && value !== '')
    warnings.push(
      warningAt(at, 'not_supported', 'pname is only spaces: the edge is merged without a key'),
    );
  return key === '' ? undefined : key;
}

/** The plugin type a dotted type of the original names through a plugin's `aliases`. */
export function aliasTarget(
  aliases: ComponentAliases | undefined,
  section: 'calculators' | 'transformers',
  type: string,
): string | undefined {
  const table = aliases?.[section];
  return table !== undefined && Object.hasOwn(table, type) ? table[type] : undefined;
}
