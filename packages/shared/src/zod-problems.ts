import type { z } from 'zod';
import { nodeTypes } from './dag-schema';
import { problemAt, type Problem, type ProblemCode } from './problems';
import type { Suggester } from './suggest';
import { KnownNames } from './suggest';

const knownNodeTypes = new KnownNames(nodeTypes);

/** Turns one zod issue into the problems a user reads: a stable code and a message naming the value. */
export function fromZodIssue(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
  root: unknown,
  suggester: Suggester,
): Problem[] {
  const segments = [...prefix, ...issue.path];
  const at = (code: ProblemCode, message: string, extra: PropertyKey[] = []): Problem =>
    problemAt([...segments, ...extra], code, message);
  const input = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined
        ? [at('missing', `is required (${issue.expected})`)]
        : [at('invalid_type', `expected ${issue.expected}, got ${describe(input)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => at('unknown_key', `unknown key "${key}"`, [key]));
    case 'invalid_format':
      return [
        at(
          issue.message.includes('letters, digits') ? 'invalid_name' : 'invalid_value',
          `${issue.message}, got ${describe(input)}`,
        ),
      ];
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? [at('too_long', `${issue.message}, got ${lengthOf(input)}`)]
        : [at('invalid_value', issue.message)];
    case 'invalid_key':
      return issue.issues.map((inner) =>
        at(
          inner.code === 'too_big' ? 'too_long' : 'invalid_value',
          `the key ${describe(issue.path.at(-1))} ${inner.message}`,
        ),
      );
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator === 'type') {
        return input === undefined
          ? [at('missing', `is required: one of ${nodeTypes.join(', ')}`)]
          : [
              at(
                'unknown_type',
                `unknown node type ${describe(input)}${typeof input === 'string' ? suggester.suggest(input, knownNodeTypes) : ''}; node types: ${nodeTypes.join(', ')}`,
              ),
            ];
      }
      return [at('invalid_value', issue.message)];
    }
    default:
      return [at('invalid_value', issue.message)];
  }
}

function lengthOf(input: unknown): string {
  if (typeof input === 'string') return `${input.length} characters`;
  if (Array.isArray(input)) return `${input.length} items`;
  return describe(input);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short description of a value for messages: strings quoted and cut at 40 characters. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
