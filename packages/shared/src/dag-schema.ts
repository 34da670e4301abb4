import { z } from 'zod';
import type { PublisherSettings, SubscriberSettings } from './components';
import {
  MAX_ATTRIBUTE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TIMER_MS,
  MAX_TIMEZONE_LENGTH,
  MAX_URI_LENGTH,
} from './limits';
import { atMost, nameSchema } from './names';
import { uiSchema } from './dag-ui';
import { scheduleSchema } from './schedule';
import { HHMM_PATTERN } from './time-window';

/**
 * The structure of a DAG config document (SPEC section 3). Component configs are checked
 * separately against the schema of their type (see validate.ts), because plugins add types.
 */

const description = z.string().max(10_000, atMost(10_000)).optional();
const componentConfig = z
  .record(z.string().max(MAX_ATTRIBUTE_LENGTH, atMost(MAX_ATTRIBUTE_LENGTH)), z.unknown())
  .default({});
const nameList = z.array(nameSchema);

export const subscriberSpecSchema = z.strictObject({
  name: nameSchema,
  description,
  config: z.looseObject({ source: z.string().min(1).max(MAX_URI_LENGTH, atMost(MAX_URI_LENGTH)) }),
});

export const publisherSpecSchema = z.strictObject({
  name: nameSchema,
  description,
  config: z.looseObject({
    destination: z.string().min(1).max(MAX_URI_LENGTH, atMost(MAX_URI_LENGTH)),
  }),
});

export const calculatorSpecSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.string().min(1).max(MAX_NAME_LENGTH, atMost(MAX_NAME_LENGTH)),
  config: componentConfig,
});

export const transformerSpecSchema = calculatorSpecSchema;

/**
 * What a source node (SubscriptionNode, MetronomeNode) may also carry, as the original system's
 * may: a calculator and transformers run on each message, and publishers its result is sent to
 * (compute, then publish). Its children get the computed output.
 */
const sourceCompute = {
  calculator: nameSchema.optional(),
  input_transformers: nameList.optional(),
  output_transformers: nameList.optional(),
  publishers: nameList.optional(),
};

export const subscriptionNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('SubscriptionNode'),
  config: z.strictObject({ subscriber: nameSchema, ...sourceCompute }),
});

export const calculationNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('CalculationNode'),
  config: z.strictObject({
    calculator: nameSchema.optional(),
    input_transformers: nameList.default([]),
    output_transformers: nameList.default([]),
  }),
});

export const publicationNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('PublicationNode'),
  config: z.strictObject({
    publishers: nameList.min(1),
    input_transformers: nameList.default([]),
  }),
});

/**
 * What a MetronomeNode emits on each tick: `tick` (ours, the default) `{"tick": n, "time":
 * ISO-8601}` with n from 1; `metronome_tick` (the original system's) `{"metronome_tick": n}` with
 * n from 0, ticking once as it starts. With a `subscriber`, each tick first takes that
 * subscriber's next message, if one arrived, and emits it with the tick's keys added; a tick
 * without one repeats the message taken last.
 */
export const metronomeEmits = ['tick', 'metronome_tick'] as const;
export type MetronomeEmits = (typeof metronomeEmits)[number];

export const metronomeNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('MetronomeNode'),
  config: z.strictObject({
    interval_ms: z.int().positive().max(MAX_TIMER_MS, atMost(MAX_TIMER_MS)),
    subscriber: nameSchema.optional(),
    emits: z.enum(metronomeEmits).optional(),
    ...sourceCompute,
  }),
});

/**
 * Publishes the data of each incoming edge (through the edge's transformer) when that edge's data
 * changed since it last published it: one message per changed edge, nothing merged.
 */
export const publisherSinkNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('PublisherSinkNode'),
  config: z.strictObject({ publishers: nameList.min(1) }),
});

/** A leaf that computes nothing: it ends a branch. */
export const sinkNodeSchema = z.strictObject({
  name: nameSchema,
  description,
  type: z.literal('SinkNode'),
  config: z.strictObject({}),
});

export const nodeSchema = z.discriminatedUnion('type', [
  subscriptionNodeSchema,
  calculationNodeSchema,
  publicationNodeSchema,
  metronomeNodeSchema,
  publisherSinkNodeSchema,
  sinkNodeSchema,
]);

export const nodeTypes = [
  'SubscriptionNode',
  'CalculationNode',
  'PublicationNode',
  'MetronomeNode',
  'PublisherSinkNode',
  'SinkNode',
] as const;

/** Node types that are sources: they take no inputs and emit what their adapter reads. */
export const sourceNodeTypes: readonly DagNodeType[] = ['SubscriptionNode', 'MetronomeNode'];
/**
 * Node types that end a branch: they have no outputs. A PublicationNode is not one: it publishes
 * its output and passes it on to its children, as the original system's does.
 */
export const sinkNodeTypes: readonly DagNodeType[] = ['PublisherSinkNode', 'SinkNode'];

/** A `pname` that is not one: reading it as a key would reach Object.prototype. */
export const RESERVED_PNAMES: readonly string[] = ['__proto__'];

/**
 * An edge. With `pname`, the parent's output is nested under that key where the edges into a
 * node are merged (`{"L": {...}, "R": {...}}`) instead of being merged in at the top level.
 */
export const edgeSchema = z.strictObject({
  from: nameSchema,
  to: nameSchema,
  transformer: nameSchema.optional(),
  pname: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(MAX_ATTRIBUTE_LENGTH, atMost(MAX_ATTRIBUTE_LENGTH))
    .refine((s) => s.trim() === s, { error: 'must not start or end with a space' })
    .refine((s) => !RESERVED_PNAMES.includes(s), { error: 'is reserved: choose another key' })
    .optional(),
});

/** A time of day as `HHMM` (0000 to 2359): the one rule for window start and end times. */
export const hhmmSchema = z
  .string()
  .regex(HHMM_PATTERN, { error: 'must be a time of day as HHMM, such as 0930' });

export const propagateModes = ['every', 'changes'] as const;

/** How long one compute may run before the watchdog fails its DAG (SPEC: `compute_timeout_ms`). */
export const DEFAULT_COMPUTE_TIMEOUT_MS = 5000;
export const MAX_COMPUTE_TIMEOUT_MS = 3_600_000;

/** How many instances may run one DAG at once, sharing its Kafka subscribers' partitions. */
export const MAX_REPLICAS = 32;

export const dagSchema = z.strictObject({
  name: nameSchema,
  description,
  start_time: hhmmSchema.optional(),
  end_time: hhmmSchema.optional(),
  timezone: z.string().min(1).max(MAX_TIMEZONE_LENGTH, atMost(MAX_TIMEZONE_LENGTH)).default('UTC'),
  /** Days and holiday calendars on top of the window (schedule.ts). */
  schedule: scheduleSchema.optional(),
  propagate: z.enum(propagateModes).default('every'),
  /**
   * A calculator, transformer or plugin callback running longer than this gets its worker
   * terminated and the DAG `failed` (DAGs in worker threads; in-thread mode has no watchdog).
   */
  compute_timeout_ms: z
    .int()
    .min(10)
    .max(MAX_COMPUTE_TIMEOUT_MS)
    .default(DEFAULT_COMPUTE_TIMEOUT_MS),
  /**
   * How many cluster instances run this DAG at once (absent: 1). Above 1 only when every
   * subscriber is Kafka: the replicas are one consumer group and share the partitions
   * (validate-replicas.ts).
   */
  replicas: z
    .int({ error: 'must be a whole number of instances' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_REPLICAS, { error: `must be at most ${MAX_REPLICAS}` })
    .optional(),
  subscribers: z.array(subscriberSpecSchema).default([]),
  publishers: z.array(publisherSpecSchema).default([]),
  calculators: z.array(calculatorSpecSchema).default([]),
  transformers: z.array(transformerSpecSchema).default([]),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema).default([]),
  /** The designer's: positions, comments, groups (dag-ui.ts); the engine never reads it. */
  ui: uiSchema.optional(),
});

/** A DAG config as written in a file (defaults not yet applied). */
export type DagInput = z.input<typeof dagSchema>;
/** What the structural schema gives: component configs not yet parsed by their type's schema. */
export type DagStructure = z.output<typeof dagSchema>;
/**
 * A validated DAG config (`validateDag`), defaults applied and component configs parsed by their
 * schemas: a subscriber's and a publisher's common settings are typed, with their defaults.
 */
export type Dag = Omit<DagStructure, 'subscribers' | 'publishers'> & {
  subscribers: SubscriberSpec[];
  publishers: PublisherSpec[];
};
export type DagNode = z.output<typeof nodeSchema>;
export type DagNodeType = DagNode['type'];
export type DagEdge = z.output<typeof edgeSchema>;
export type SubscriberSpec = Omit<z.output<typeof subscriberSpecSchema>, 'config'> & {
  config: SubscriberSettings;
};
export type PublisherSpec = Omit<z.output<typeof publisherSpecSchema>, 'config'> & {
  config: PublisherSettings;
};
export type CalculatorSpec = z.output<typeof calculatorSpecSchema>;
export type TransformerSpec = z.output<typeof transformerSpecSchema>;
export type PropagateMode = (typeof propagateModes)[number];
