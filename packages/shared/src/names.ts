import { z } from 'zod';
import { MAX_NAME_LENGTH } from './limits';

/** Letters, digits and underscores, with at least one letter: the rule for every DAG, component and node name. */
export const NAME_PATTERN = /^(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]+$/;

/** The error of a string longer than `max` (mapped to the problem code `too_long`). */
export function atMost(max: number): { error: string } {
  return { error: `must be at most ${max} characters long` };
}

export const nameSchema = z
  .string({ error: 'must be a name (a string)' })
  .max(MAX_NAME_LENGTH, atMost(MAX_NAME_LENGTH))
  .regex(NAME_PATTERN, {
    error: 'must contain only letters, digits and underscores, with at least one letter',
  });
