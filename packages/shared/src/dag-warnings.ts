import { isRecord, items } from './config-walk';
import { jsonPath, type PathSegments } from './problems';

/**
 * What a DAG config may have but likely is a mistake: the server stores and runs it, the
 * designer shows it apart from the problems and never refuses to save it.
 */
export const dagWarningCodes = ['empty_dag', 'not_connected'] as const;
export type DagWarningCode = (typeof dagWarningCodes)[number];

export interface DagWarning {
  readonly path: string;
  readonly segments: PathSegments;
  readonly code: DagWarningCode;
  readonly message: string;
  /** The node it is about, if any. */
  readonly node?: string;
}

function warning(segments: PathSegments, code: DagWarningCode, message: string, node?: string) {
  const w = { path: jsonPath(segments), segments, code, message };
  return node === undefined ? w : { ...w, node };
}

/**
 * The warnings of a DAG config: a DAG without nodes (it does nothing), and each node that no edge
 * comes into or goes out of (its data goes nowhere, or it gets none). Reads the raw document:
 * what is not an object, or a node without a name, is left to the validation.
 */
export function dagWarnings(config: unknown): DagWarning[] {
  if (!isRecord(config)) return [];
  const nodes = items(config, 'nodes');
  if (nodes.length === 0)
    return [
      warning(
        ['nodes'],
        'empty_dag',
        'the DAG has no nodes: add a subscriber to start (drag one from the palette)',
      ),
    ];
  const wired = new Set<unknown>();
  for (const edge of items(config, 'edges')) {
    wired.add(edge.from);
    wired.add(edge.to);
  }
  const out: DagWarning[] = [];
  nodes.forEach((node, i) => {
    const name = node.name;
    if (typeof name !== 'string' || wired.has(name)) return;
    out.push(
      warning(
        ['nodes', i],
        'not_connected',
        `node "${name}" is not connected: no edge goes into or out of it`,
        name,
      ),
    );
  });
  return out;
}
