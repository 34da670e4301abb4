import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The stamping plugin and what the tests read from its stamps: which instance processed which
 * message, and when. Two instances running one DAG at once show as stamps of both interleaved.
 */

/** A calculator plugin: each message comes out with `instance` (INSTANCE_NAME) and `at` (ms). */
export const STAMP_PLUGIN = `export default ({ z }) => ({
  kind: 'calculator',
  type: 'StampCalculator',
  description: 'Adds the instance that processed the message (INSTANCE_NAME) and when (at, ms).',
  configSchema: z.strictObject({}),
  create: () => ({
    compute: (input) => ({ ...input, instance: process.env.INSTANCE_NAME, at: Date.now() }),
  }),
});
`;

export function writeStampPlugin(folder: string): void {
  writeFileSync(join(folder, 'stamp.mjs'), STAMP_PLUGIN);
}

export interface Stamp {
  readonly instance: string;
  readonly at: number;
  /** The id the test sent (Kafka-fed DAGs). */
  readonly id?: number;
}

function isStamp(value: unknown): value is Stamp {
  const v = value as Partial<Stamp> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.instance === 'string' &&
    typeof v.at === 'number'
  );
}

/** Parses a stamped message (a JSON line or a Kafka value); undefined when it is not one. */
export function parseStamp(text: string): Stamp | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isStamp(value) ? value : undefined;
  } catch {
    return undefined; // a last line still being written
  }
}

/** The stamps in a JSON-lines file ([] when there is none). */
export function readStamps(path: string): Stamp[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map(parseStamp)
    .filter((s): s is Stamp => s !== undefined);
}

/** A run of consecutive stamps (in time) by one instance. */
export interface Segment {
  readonly instance: string;
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** The stamps in time order, cut where the instance changes. */
export function segmentsOf(stamps: readonly Stamp[]): Segment[] {
  const sorted = [...stamps].sort((a, b) => a.at - b.at);
  const segments: { instance: string; from: number; to: number; count: number }[] = [];
  for (const stamp of sorted) {
    const last = segments.at(-1);
    if (last?.instance === stamp.instance) {
      last.to = stamp.at;
      last.count++;
    } else segments.push({ instance: stamp.instance, from: stamp.at, to: stamp.at, count: 1 });
  }
  return segments;
}

/**
 * Which instances ran a DAG, in order: one entry per hand-over. A DAG that ran on two instances
 * at once shows more entries than hand-overs (a, b, a, b, ...).
 */
export function runnersOf(stamps: readonly Stamp[]): string[] {
  return segmentsOf(stamps).map((s) => s.instance);
}

/** `[a, a, b, b, a]` -> `[a, b, a]`: the owners a DAG had, each change once. */
export function changesOf(owners: readonly string[]): string[] {
  return owners.filter((o, i) => i === 0 || owners[i - 1] !== o);
}

/** How often each id came, and which of 1..count never did. */
export function countIds(stamps: readonly Stamp[], count: number) {
  const seen = new Map<number, number>();
  for (const s of stamps) if (s.id !== undefined) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
  const lost: number[] = [];
  for (let id = 1; id <= count; id++) if (!seen.has(id)) lost.push(id);
  const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  return { seen, lost, duplicates };
}

/** src (metronome, every `intervalMs`) -> stamp -> a JSON-lines file `<name>_out.jsonl` in DATA_DIR/files. */
export function metronomeDag(name: string, intervalMs = 100) {
  return {
    name,
    subscribers: [{ name: 'tick', config: { source: 'metronome', interval_ms: intervalMs } }],
    publishers: [{ name: 'out', config: { destination: `file:${name}_out.jsonl` } }],
    calculators: [{ name: 'stamp', type: 'StampCalculator', config: {} }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'tick' } },
      { name: 'stamp', type: 'CalculationNode', config: { calculator: 'stamp' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'stamp' },
      { from: 'stamp', to: 'sink' },
    ],
  };
}

/**
 * Kafka topic `input` -> stamp -> Kafka topic `output`, the consumer group's session 6 s (a
 * killed consumer's partitions go to the next one soon), `replicas` instances at once.
 */
export function kafkaDag(name: string, input: string, output: string, replicas?: number) {
  return {
    name,
    ...(replicas === undefined ? {} : { replicas }),
    subscribers: [
      {
        name: 'in',
        config: {
          source: `kafka://topic/${input}`,
          from_beginning: true,
          session_timeout_ms: 6000,
          max_depth: 2000,
        },
      },
    ],
    publishers: [
      {
        name: 'out',
        config: { destination: `kafka://topic/${output}`, batch_size: 200, publish_interval: 0.05 },
      },
    ],
    calculators: [{ name: 'stamp', type: 'StampCalculator', config: {} }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'stamp', type: 'CalculationNode', config: { calculator: 'stamp' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'stamp' },
      { from: 'stamp', to: 'sink' },
    ],
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
