import { z } from 'zod';
import { nameSchema } from '@flow/shared';

/**
 * The internal calls between instances of a cluster (`POST /internal/cluster/call`): a fixed list
 * of operations, each with its arguments. Internal-only (never the browser's), so kept here and
 * not in @flow/shared. The actor is the user the forwarding instance already checked: the
 * receiver uses it only for the audit log.
 */
const name = nameSchema;
const actor = z.string().min(1).max(200);
const version = z.int().positive().optional();

export const clusterCallSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('startDag'), args: z.strictObject({ name, version, actor }) }),
  z.object({ op: z.literal('deployDag'), args: z.strictObject({ name, version, actor }) }),
  z.object({
    op: z.literal('setState'),
    args: z.strictObject({ name, action: z.enum(['stop', 'suspend', 'resume']), actor }),
  }),
  z.object({ op: z.literal('deleteDag'), args: z.strictObject({ name, actor }) }),
  z.object({
    op: z.literal('publish'),
    args: z.strictObject({
      dag: name,
      node: name,
      // As received (a parsed record would lose `__proto__` keys): the runner checks it as the API does.
      message: z.unknown(),
      actor,
    }),
  }),
  z.object({ op: z.literal('dagDetails'), args: z.strictObject({ name }) }),
  z.object({ op: z.literal('listLocal'), args: z.strictObject({}) }),
]);
export type ClusterCall = z.infer<typeof clusterCallSchema>;
export type ClusterOp = ClusterCall['op'];

/** An error as it travels back to the forwarding instance, which throws it again as its own. */
export const callErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(z.unknown()).optional(),
  }),
});

export const INTERNAL_CALL_PATH = '/internal/cluster/call';
/** The largest call body: the API's (1 MiB, a test message's bound) and room for the rest. */
export const CALL_BODY_LIMIT = 1024 * 1024 + 4096;
/** How long a call's body may take to arrive (the server sets no limit of its own): then cut. */
export const CALL_BODY_TIMEOUT_MS = 5000;
/** How long a forwarded call may take before the caller answers 503. */
export const CALL_TIMEOUT_MS = 10_000;
