/** Stable codes of DAG config problems: tools and tests match on these, people read the message. */
export const problemCodes = [
  'invalid_json',
  'invalid_type',
  'invalid_value',
  'invalid_name',
  'unknown_key',
  'missing',
  'duplicate_name',
  'unknown_reference',
  'unknown_type',
  'unknown_scheme',
  'invalid_config',
  'cycle',
  'source_has_inputs',
  'publication_has_outputs',
  'duplicate_edge',
  'window_incomplete',
  'window_empty',
  'invalid_timezone',
  // Limits and policy (the security issue): nesting, sizes, characters, files and hosts.
  'too_deep',
  'too_long',
  'invalid_character',
  'reserved_key',
  'path_not_allowed',
  'host_not_allowed',
  'connection_required',
  // The original system's file format (original-format.ts): what it has that we refuse.
  'unsupported_feature',
  'conflicting_keys',
  // Edges with `pname`: two edges into one node may not nest under the same key.
  'duplicate_pname',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

/** A place in a JSON document as keys and indexes: `['nodes', 2, 'config']`. */
export type PathSegments = readonly (string | number)[];

/**
 * One thing wrong with a config: where (a JSON path such as `$.nodes[2].config.calculator`, and
 * the same place as `segments` for tools), what, and why. A `cycle` also names the nodes along it
 * (`nodes`, first node not repeated), so nobody parses the message for them.
 */
export interface Problem {
  readonly path: string;
  readonly segments: PathSegments;
  readonly code: ProblemCode;
  readonly message: string;
  readonly nodes?: readonly string[];
}

/** The problem at a place given as keys and indexes: its `path` and `segments` agree by construction. */
export function problemAt(
  segments: readonly PropertyKey[],
  code: ProblemCode,
  message: string,
  nodes?: readonly string[],
): Problem {
  const plain = segments.map((s) => (typeof s === 'number' ? s : String(s)));
  return nodes === undefined
    ? { path: jsonPath(plain), segments: plain, code, message }
    : { path: jsonPath(plain), segments: plain, code, message, nodes };
}

/** Stable codes of warnings: accepted, but something in the file has no effect here. */
export const warningCodes = ['not_supported'] as const;

export type WarningCode = (typeof warningCodes)[number];

/** Something accepted but without effect here (a key of the original format we do not implement). */
export interface Warning {
  readonly path: string;
  readonly segments: PathSegments;
  readonly code: WarningCode;
  readonly message: string;
}

/** The warning at a place given as keys and indexes. */
export function warningAt(
  segments: readonly PropertyKey[],
  code: WarningCode,
  message: string,
): Warning {
  const plain = segments.map((s) => (typeof s === 'number' ? s : String(s)));
  return { path: jsonPath(plain), segments: plain, code, message };
}

/** Formats a path of keys and indexes as `$.nodes[2].config`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment))
      out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
