import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { parseStamp, type Stamp } from './stamps';
import { sleep } from './harness';

/** The test's side of Kafka: topics, a producer of ids, a reader of stamped outputs. */

const brokers = (process.env.FLOW_TEST_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
export const kafka = new Kafka({ clientId: 'ha-test', brokers, logLevel: logLevel.NOTHING });

export const uniqueTopic = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

export async function createTopics(topics: { topic: string; partitions: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** How many members a consumer group has while it is stable (0 otherwise). */
export async function stableMembers(groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    return group?.state === 'Stable' ? group.members.length : 0;
  } finally {
    await admin.disconnect();
  }
}

export interface IdStream {
  /** How many ids were sent so far (ids are 1..sent). */
  sent(): number;
  /** Resolves once every id was sent (or the stream was stopped). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends `{ id }` for ids 1..count to `topic`: in a steady stream of `perSecond` (batches every
 * 100 ms), or as fast as Kafka takes them when `perSecond` is undefined.
 */
export async function produceIds(
  topic: string,
  count: number,
  perSecond?: number,
): Promise<IdStream> {
  const producer: Producer = kafka.producer();
  await producer.connect();
  let sent = 0;
  let stopped = false;
  const batch = perSecond === undefined ? 5000 : Math.max(1, Math.round(perSecond / 10));
  const done = (async () => {
    try {
      while (sent < count && !stopped) {
        const began = Date.now();
        const n = Math.min(batch, count - sent);
        const first = sent + 1;
        await producer.send({
          topic,
          messages: Array.from({ length: n }, (_, i) => ({
            value: JSON.stringify({ id: first + i }),
          })),
        });
        sent += n;
        if (perSecond !== undefined) await sleep(Math.max(0, 100 - (Date.now() - began)));
      }
    } finally {
      await producer.disconnect();
    }
  })();
  return {
    sent: () => sent,
    done,
    async stop() {
      stopped = true;
      await done.catch(() => {});
    },
  };
}

export interface StampReader {
  /** Every stamped message read so far, in the order read. */
  readonly stamps: Stamp[];
  close(): Promise<void>;
}

/** Reads `topic` from its beginning with a group of its own, keeping every stamp. */
export async function readStampsFrom(topic: string): Promise<StampReader> {
  const consumer: Consumer = kafka.consumer({ groupId: uniqueTopic('ha_reader') });
  const stamps: Stamp[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const stamp = parseStamp(String(message.value));
        if (stamp) stamps.push(stamp);
      },
    });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  return { stamps, close: () => consumer.disconnect() };
}
