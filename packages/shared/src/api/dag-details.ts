import { z } from 'zod';
import { dagSchema, nodeTypes, propagateModes } from '../dag-schema';
import { scheduleSchema } from '../schedule';
import { dagStateSchema } from './dag-state';
import { dagVersionSchema, dagVersionsSchema } from './dags';

/**
 * What the engine tells of a running DAG: its summary (the dashboard), each node's details (the
 * inspector), and the events it emits. The engine builds these; the server passes them on.
 */

export { dagStates, dagStateSchema, type DagState } from './dag-state';

/** A message as it flows between nodes: a JSON object. */
export const messageSchema = z.record(z.string(), z.unknown()).readonly();

/** An error or warning recorded on a node. */
export const nodeIssueSchema = z
  .object({
    time: z.string(),
    level: z.enum(['error', 'warning']),
    message: z.string(),
    /** The input that caused it, when there was one. */
    input: z.unknown().optional(),
  })
  .readonly();
export type NodeIssue = z.infer<typeof nodeIssueSchema>;

/** The state of an adapter's connection, shown on its node. Never contains credentials. */
export const connectionStatusSchema = z
  .object({
    state: z.enum(['connecting', 'connected', 'reconnecting', 'closed']),
    /** Why the connection is not up, when it is not. */
    error: z.string().optional(),
    /** When the next reconnection attempt is due (epoch ms). */
    nextRetryAt: z.number().optional(),
  })
  .readonly();
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const dagSummarySchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    state: dagStateSchema,
    /** Why the DAG is suspended or failed, when it is. */
    stateReason: z.string().optional(),
    /** The worker thread it runs on (1-based), when DAGs run in workers. */
    worker: z.int().optional(),
    window: z
      .object({ start_time: z.string(), end_time: z.string(), timezone: z.string() })
      .readonly()
      .nullable(),
    /** Its days and holiday calendars, when it has a schedule. */
    schedule: scheduleSchema.readonly().optional(),
    propagate: z.enum(propagateModes),
    nodeCount: z.int(),
    /** Messages per second entering the DAG (all sources). */
    rate: z.number(),
    errorCount: z.int(),
  })
  .readonly();
export type DagSummary = z.infer<typeof dagSummarySchema>;

export const nodeDetailsSchema = z
  .object({
    name: z.string(),
    type: z.enum(nodeTypes),
    input: messageSchema.optional(),
    output: messageSchema.optional(),
    dirty: z.boolean(),
    computeCount: z.int(),
    /** Computes per second over the last second. */
    rate: z.number(),
    lastComputeAt: z.string().nullable(),
    errorCount: z.int(),
    warningCount: z.int(),
    /**
     * Messages a FilterCalculator stopped at this node (condition false; issue 17), once there
     * is one; those it passed are its computes (`computeCount`).
     */
    filteredCount: z.int().optional(),
    /** The last 10 errors and warnings, oldest first. */
    errors: z.array(nodeIssueSchema).readonly(),
    /** Subscription and metronome nodes: their queue. */
    queue: z
      .object({
        depth: z.int(),
        maxDepth: z.int(),
        drops: z.int(),
        rejected: z.int(),
        /** Messages not processed because this instance's cluster lease had lapsed (issue 16). */
        fenced: z.int().optional(),
      })
      .readonly()
      .optional(),
    connection: connectionStatusSchema.optional(),
    /** Nodes that publish (publication, publisher sink, computing sources): what each publisher has sent. */
    publishers: z
      .array(z.object({ name: z.string(), published: z.int(), failures: z.int() }).readonly())
      .readonly()
      .optional(),
  })
  .readonly();
export type NodeDetails = z.infer<typeof nodeDetailsSchema>;

/** What the engine holds of a DAG: its summary, its config and its nodes in topological order. */
export const dagDetailsSchema = z
  .object({
    ...dagSummarySchema.unwrap().shape,
    config: dagSchema,
    nodes: z.array(nodeDetailsSchema).readonly(),
  })
  .readonly();
export type DagDetails = z.infer<typeof dagDetailsSchema>;

/** A DAG as `dags.list` shows it: its summary, the version it runs and its newest version. */
export const dagListEntrySchema = z
  .object({
    ...dagSummarySchema.unwrap().shape,
    ...dagVersionsSchema.shape,
    /**
     * In a cluster: the instances (names) that run the DAG, or would run it if started (the
     * leader; in partitioned mode its owners). Absent on a single server.
     */
    owners: z.array(z.string()).optional(),
  })
  .readonly();
export type DagListEntry = z.infer<typeof dagListEntrySchema>;

/**
 * `dags.details`: the engine's details (config redacted), the version the engine holds and the
 * DAG's versions.
 */
export const dagDetailsViewSchema = z
  .object({
    ...dagDetailsSchema.unwrap().shape,
    ...dagVersionsSchema.shape,
    version: dagVersionSchema.nullable(),
  })
  .readonly();
export type DagDetailsView = z.infer<typeof dagDetailsViewSchema>;

/** What a running DAG emits: a node computed, recorded an issue, a connection changed, a state. */
export const dagEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('computed'),
      dag: z.string(),
      node: z.string(),
      at: z.number(),
      input: messageSchema.optional(),
      output: messageSchema.optional(),
      computeCount: z.int(),
    })
    .readonly(),
  z
    .object({ type: z.literal('issue'), dag: z.string(), node: z.string(), issue: nodeIssueSchema })
    .readonly(),
  z
    .object({
      type: z.literal('state'),
      dag: z.string(),
      state: dagStateSchema,
      reason: z.string().optional(),
    })
    .readonly(),
  z
    .object({
      type: z.literal('connection'),
      dag: z.string(),
      node: z.string(),
      status: connectionStatusSchema,
    })
    .readonly(),
]);
export type DagEvent = z.infer<typeof dagEventSchema>;
