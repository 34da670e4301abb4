import { z } from 'zod';
import { nameSchema } from '../names';

/**
 * `publish.send`: a test message for a subscriber of a DAG. The message stays `unknown` here: the
 * server checks it as received (a JSON object within the input limits) and names the place.
 */
export const publishInputSchema = z.object({
  dag: nameSchema,
  node: nameSchema,
  message: z.unknown(),
});
export type PublishInput = z.infer<typeof publishInputSchema>;
