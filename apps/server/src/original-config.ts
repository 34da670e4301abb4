import {
  convertOriginalFormat,
  cutText,
  isOriginalFormat,
  problemAt,
  type ComponentCatalog,
  type Problem,
  type Warning,
} from '@flow/shared';

/**
 * A config as the server takes it in (a save, a validation, a file of DAG_CONFIG_FOLDER): a file
 * in the original system's format (issue 15) is converted into ours, and ours is what the server
 * checks and stores, so the DAG's details, the designer, an export and its versions all see our
 * format. Every rule of ours applies to the converted config; its problems are reported at their
 * places in the file as written.
 */
export interface IncomingConfig {
  /** The config in our format: the one given, or the original converted. */
  readonly config: unknown;
  /** Present for a file in the original format. */
  readonly original?: OriginalFile;
}

export interface OriginalFile {
  /** What the file has without effect here, at its place in the file. */
  readonly warnings: Warning[];
  /**
   * Converting it found problems of its own (a Python calculator, keys given twice...): the
   * validator, run on the file as written, lists them with the rest.
   */
  readonly refused: boolean;
  /** A problem of the converted config at its place in the original file. */
  atOriginal(problem: Problem): Problem;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config in our format; `catalog` names the types the validator accepts (plugins too). */
export function readIncoming(incoming: unknown, catalog: ComponentCatalog): IncomingConfig {
  if (!isObject(incoming) || !isOriginalFormat(incoming)) return { config: incoming };
  const conversion = convertOriginalFormat(incoming, catalog);
  return {
    config: conversion.value,
    original: {
      warnings: conversion.warnings,
      refused: conversion.problems.length > 0,
      atOriginal: (p) => problemAt(conversion.toOriginal(p.segments), p.code, p.message, p.nodes),
    },
  };
}

/** The reply's and the audit entry's part about the original format: nothing for ours. */
export function originalFormatReply(original: OriginalFile | undefined): {
  originalFormat?: true;
  warnings?: Warning[];
} {
  return original ? { originalFormat: true, warnings: original.warnings } : {};
}

/** At most this many warnings are listed in an audit entry or a log line; then how many more. */
const MAX_LISTED_WARNINGS = 100;
/** The longest warning line (a key of the file may be 100 kB long). */
const MAX_WARNING_LINE = 300;

/**
 * The audit entry's part about the original format: each warning as one line (`path: message`),
 * so that a file with hundreds of them stays a readable entry, at most MAX_LISTED_WARNINGS of them
 * (an entry is kept for good; a 1 MB file can hold thousands). Nothing for ours.
 */
export function originalFormatAudit(original: OriginalFile | undefined): {
  originalFormat?: true;
  warnings?: string[];
} {
  return original ? { originalFormat: true, warnings: warningLines(original.warnings) } : {};
}

/** The warnings as lines, at most MAX_LISTED_WARNINGS, then one saying how many more. */
export function warningLines(warnings: readonly Warning[]): string[] {
  const lines = warnings.slice(0, MAX_LISTED_WARNINGS).map(warningLine);
  const more = warnings.length - lines.length;
  return more > 0 ? [...lines, `and ${more} more warnings`] : lines;
}

/** A warning as a log line: its place and message (never a value of the file), cut short. */
export function warningLine(w: Warning): string {
  return cutText(`${w.path}: ${w.message}`, MAX_WARNING_LINE);
}
