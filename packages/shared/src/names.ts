import { z } from 'zod';
import { MAX_NAME_LENGTH } from './limits';

/** Letters, digits and underscores, with at least one letter: the rule for every DAG, component and node name. */
export const NAME_PATTERN = /^(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]+$/;

export const nameSchema = z
  .string({ error: 'must be a name (a string)' })
  .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters long` })
  .regex(NAME_PATTERN, {
    error: 'must contain only letters, digits and underscores, with at least one letter',
  });
