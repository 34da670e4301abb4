import type { z } from 'zod';
import {
  calculatorConfigSchemas,
  publisherConfigSchemas,
  publisherSettingsSchema,
  subscriberConfigSchemas,
  subscriberSettingsSchema,
  transformerConfigSchemas,
} from './components';
import { isRecord, type Add, type Parsed } from './config-walk';
import { dagSchema, type Dag } from './dag-schema';
import { jsonLimitProblems, MAX_JSON_DEPTH, MAX_TIMEZONE_LENGTH } from './limits';
import { convertOriginalFormat, isOriginalFormat, type Conversion } from './original-format';
import type { ComponentAliases } from './original-format-nodes';
import type { ConnectionNames } from './original-format-adapters';
import { problemAt, type Problem, type Warning } from './problems';
import { checkSchedule } from './schedule';
import { Suggester } from './suggest';
import { isValidTimeZone } from './time-window';
import { checkComponents } from './validate-components';
import { checkFanins } from './validate-fanin';
import { checkGraph } from './validate-graph';
import { checkReplicas } from './validate-replicas';
import { describe, fromZodIssue } from './zod-problems';

/** Every component type a validator accepts, with its config schema: built-ins plus plugins. */
export interface ComponentCatalog {
  readonly calculators: Readonly<Record<string, z.ZodType>>;
  readonly transformers: Readonly<Record<string, z.ZodType>>;
  /** Subscriber config schemas by URI scheme. */
  readonly subscribers: Readonly<Record<string, z.ZodType>>;
  /** Publisher config schemas by URI scheme. */
  readonly publishers: Readonly<Record<string, z.ZodType>>;
  /** Plugin subscribers (`custom://NAME`): the schema of their `options`. */
  readonly customSubscribers: Readonly<Record<string, z.ZodType>>;
  /** Plugin publishers (`custom://NAME`): the schema of their `options`. */
  readonly customPublishers: Readonly<Record<string, z.ZodType>>;
  /** Dotted types of the original system that plugins declare (`aliases`), to their own type. */
  readonly aliases?: ComponentAliases;
  /** The server's named connections, when known: the original format's broker URIs pick one. */
  readonly connections?: ConnectionNames;
}

export const builtinCatalog: ComponentCatalog = {
  calculators: calculatorConfigSchemas,
  transformers: transformerConfigSchemas,
  subscribers: subscriberConfigSchemas,
  publishers: publisherConfigSchemas,
  customSubscribers: {},
  customPublishers: {},
};

/**
 * A valid DAG or every problem. A file in the original system's format (original-format.ts) is
 * converted first: `originalFormat` is then set and `warnings` lists what it has without effect
 * here; all paths point into the file as written.
 */
export type ValidationResult = (
  { readonly ok: true; readonly dag: Dag } | { readonly ok: false; readonly problems: Problem[] }
) & { readonly originalFormat?: true; readonly warnings?: Warning[] };

/** Parses JSON text and validates it; a syntax error is reported as a problem at `$`. */
export function validateDagJson(
  text: string,
  catalog: ComponentCatalog = builtinCatalog,
): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [problemAt([], 'invalid_json', `not valid JSON: ${reason}`)],
    };
  }
  return validateDag(value, catalog);
}

/**
 * Validates a parsed JSON value as a DAG config and returns the typed DAG (defaults applied,
 * component configs parsed), or every problem found, each with its JSON path. The limits every
 * input shares come first (nesting, NUL characters, `__proto__` keys); a part nested too deep is
 * left out of the other checks, so no check ever walks it.
 */
export function validateDag(
  value: unknown,
  catalog: ComponentCatalog = builtinCatalog,
): ValidationResult {
  const limits = jsonLimitProblems(value);
  const tooDeep = limits.some((p) => p.code === 'too_deep');
  const pruned = tooDeep ? pruneDeep(value, MAX_JSON_DEPTH) : value;
  // The original format is converted into ours; its own problems are found while converting.
  const conversion: Conversion | undefined =
    isRecord(pruned) && isOriginalFormat(pruned)
      ? convertOriginalFormat(pruned, catalog)
      : undefined;
  const subject = conversion ? conversion.value : pruned;
  const converted = problemsOf(conversion);
  // What is under a place already refused (limits, conversion) is not reported again.
  // By place (its segments), so a problem is checked against its own prefixes only: a file of
  // 25,000 refused edges compared each problem with every refused place, seconds of CPU.
  const covered = new Set(
    [...limits, ...converted]
      .filter((p) => p.code !== 'invalid_character')
      .map((p) => placeKey(p.segments)),
  );
  const isCovered = (segments: readonly PropertyKey[]) => {
    for (let n = 0; n <= segments.length; n++)
      if (covered.has(placeKey(segments.slice(0, n)))) return true;
    return false;
  };

  const problems: Problem[] = [...limits, ...converted];
  const add: Add = (segments, code, message, nodes) => {
    const at = conversion ? conversion.toOriginal(segments) : segments;
    const problem = problemAt(at, code, message, nodes);
    if (covered.size === 0 || !isCovered(problem.segments)) problems.push(problem);
  };
  const extra = conversion ? { originalFormat: true as const, warnings: conversion.warnings } : {};
  if (!isRecord(subject)) {
    add([], 'invalid_type', `a DAG config must be a JSON object, not ${describe(subject)}`);
    return { ok: false, problems };
  }
  const suggester = new Suggester();
  const parsed = dagSchema.safeParse(subject);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const p of fromZodIssue(issue, [], subject, suggester))
        add(p.segments, p.code, p.message);
    }
  }
  const components = checkComponents(subject, catalog, add, suggester);
  checkGraph(subject, add, suggester);
  checkFanins(subject, add);
  checkReplicas(subject, add);
  checkWindow(subject, add);
  checkSchedule(subject, add);

  if (problems.length > 0 || !parsed.success)
    return { ok: false, problems: unique(problems), ...extra };
  const { subscribers, publishers, calculators, transformers } = parsed.data;
  // Each config has passed its scheme's schema, which holds the common settings: read them typed.
  const dag: Dag = {
    ...parsed.data,
    // One zone for the window and the schedule: the schedule's, when it names one.
    timezone: parsed.data.schedule?.timezone ?? parsed.data.timezone,
    subscribers: subscribers.map((s, i) => ({
      ...s,
      config: subscriberSettingsSchema.parse(components.subscribers[i]),
    })),
    publishers: publishers.map((p, i) => ({
      ...p,
      config: publisherSettingsSchema.parse(components.publishers[i]),
    })),
    calculators: calculators.map((c, i) => ({ ...c, config: components.calculators[i] ?? {} })),
    transformers: transformers.map((t, i) => ({ ...t, config: components.transformers[i] ?? {} })),
  };
  return { ok: true, dag, ...extra };
}

/** A place as a set key: its segments, indexes and keys alike as JSON. */
function placeKey(segments: readonly PropertyKey[]): string {
  return JSON.stringify(segments.map((s) => (typeof s === 'number' ? s : String(s))));
}

function problemsOf(conversion: Conversion | undefined): Problem[] {
  return (conversion?.problems ?? []).map((p) => problemAt(p.segments, p.code, p.message));
}

/**
 * A copy of a JSON value in which every object or array nested `maxDepth` levels deep is replaced
 * by `{}`, and `__proto__` keys are left out. Iterative: the original may nest 100,000 levels.
 */
function pruneDeep(value: unknown, maxDepth: number): unknown {
  const root: { value: unknown } = { value: undefined };
  const stack: {
    from: unknown;
    into: Record<PropertyKey, unknown>;
    key: PropertyKey;
    depth: number;
  }[] = [{ from: value, into: root, key: 'value', depth: 0 }];
  while (stack.length > 0) {
    const { from, into, key, depth } = stack.pop() as (typeof stack)[number];
    if (typeof from !== 'object' || from === null) {
      into[key] = from;
    } else if (depth >= maxDepth) {
      into[key] = {};
    } else if (Array.isArray(from)) {
      const copy: unknown[] = new Array<unknown>(from.length);
      into[key] = copy;
      from.forEach((v, i) =>
        stack.push({ from: v, into: copy as Record<number, unknown>, key: i, depth: depth + 1 }),
      );
    } else {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      for (const k of Object.keys(from)) {
        if (k === '__proto__') continue;
        stack.push({ from: (from as Parsed)[k], into: copy, key: k, depth: depth + 1 });
      }
    }
  }
  return root.value;
}

function checkWindow(dag: Parsed, add: Add): void {
  const { start_time, end_time, timezone } = dag;
  if ((start_time === undefined) !== (end_time === undefined)) {
    const missing = start_time === undefined ? 'start_time' : 'end_time';
    const given = start_time === undefined ? 'end_time' : 'start_time';
    add(
      [missing],
      'window_incomplete',
      `${given} is set but ${missing} is not: give both or neither`,
    );
  } else if (typeof start_time === 'string' && start_time === end_time) {
    add(
      ['end_time'],
      'window_empty',
      `end_time equals start_time (${start_time}), so the window is that one minute a day: ` +
        'give another end_time, or neither time for a DAG that always runs',
    );
  }
  if (
    typeof timezone === 'string' &&
    timezone.length > 0 &&
    timezone.length <= MAX_TIMEZONE_LENGTH &&
    !isValidTimeZone(timezone)
  ) {
    add(
      ['timezone'],
      'invalid_timezone',
      `"${timezone}" is not a time zone name such as UTC or Europe/London`,
    );
  }
}

/** The problems without repeats (one mistake can be seen by two checks). */
function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
