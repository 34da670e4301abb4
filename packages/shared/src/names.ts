import { z } from 'zod';
import { MAX_NAME_LENGTH } from './limits';

/**
 * Letters, digits and underscores, with at least one letter: the rule for every DAG, component
 * and node name. `__proto__` is not a name: names become keys (positions, live state by node).
 */
export const NAME_PATTERN = /^(?!__proto__$)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]+$/;

/** The error of a string longer than `max` (mapped to the problem code `too_long`). */
export function atMost(max: number): { error: string } {
  return { error: `must be at most ${max} characters long` };
}

export const nameSchema = z
  .string({ error: 'must be a name (a string)' })
  .max(MAX_NAME_LENGTH, atMost(MAX_NAME_LENGTH))
  .regex(NAME_PATTERN, {
    error:
      'must contain only letters, digits and underscores, with at least one letter (and not be __proto__)',
  });

/** Whether a string is a name: the pattern and the length. */
export function isName(value: string): boolean {
  return value.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(value);
}
