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
] as const;

export type ProblemCode = (typeof problemCodes)[number];

/** One thing wrong with a config: where (a JSON path such as `$.nodes[2].config.calculator`), what, and why. */
export interface Problem {
  readonly path: string;
  readonly code: ProblemCode;
  readonly message: string;
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
