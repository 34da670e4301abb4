import { z } from 'zod';
import { nameSchema } from '../names';
import { dagSummarySchema, nodeDetailsSchema } from './dag-details';

/**
 * `state.watch`: the live state of one DAG. The stream is typed by these schemas but never checked
 * against them at run time (up to 10 events a second).
 */

export const watchInputSchema = z.object({
  dag: nameSchema,
  /** The node whose last input, output and errors the watcher gets. */
  inspect: nameSchema.optional(),
  lastEventId: z.string().nullish(),
});
export type WatchInput = z.infer<typeof watchInputSchema>;

/**
 * A node as the live view gets it: its figures and state, and its last input, output and errors
 * only when the watcher inspects it (with a thousand nodes those were nine tenths of every event,
 * and the canvas shows none of them).
 */
export const liveNodeSchema = nodeDetailsSchema
  .unwrap()
  .partial({ input: true, output: true, errors: true })
  .readonly();
export type LiveNode = z.infer<typeof liveNodeSchema>;

/** A snapshot of every node, then deltas with the nodes that changed. */
export const liveEventSchema = z
  .object({
    type: z.enum(['snapshot', 'delta']),
    dag: dagSummarySchema,
    nodes: z.array(liveNodeSchema).readonly(),
  })
  .readonly();
export type LiveEvent = z.infer<typeof liveEventSchema>;
