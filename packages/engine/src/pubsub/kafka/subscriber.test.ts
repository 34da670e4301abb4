import { Kafka, type Consumer, type ConsumerConfig } from 'kafkajs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionsSchema, subscriberConfigSchemas } from '@flow/shared';
import { systemClock } from '../../clock';
import { MemoryBroker } from '../memory-broker';
import type { SubscriberSink } from '../types';
import { kafkaSubscriberAdapter } from './subscriber';

const context = {
  dagName: 'orders',
  componentName: 'orders_in',
  clock: systemClock,
  baseDir: process.cwd(),
  broker: new MemoryBroker(),
  connections: connectionsSchema.parse({}),
};
const sink: SubscriberSink = { deliver: () => {}, reject: () => {}, connection: () => {} };

/** The consumer config the subscriber asks kafkajs for; the consumer itself never connects. */
async function consumerConfigOf(config: Record<string, unknown>): Promise<ConsumerConfig> {
  const seen: ConsumerConfig[] = [];
  const { events } = new Kafka({ brokers: ['127.0.0.1:1'] }).consumer({ groupId: 'x' });
  vi.spyOn(Kafka.prototype, 'consumer').mockImplementation((options) => {
    seen.push(options);
    // A consumer whose broker is unreachable: the subscriber retries it until stopped.
    const fake: Partial<Consumer> = {
      events,
      on: () => () => {},
      connect: () => Promise.reject(new Error('no broker here')),
      disconnect: () => Promise.resolve(),
    };
    return fake as Consumer;
  });
  const parsed = subscriberConfigSchemas.kafka.parse({
    source: 'kafka://topic/orders',
    brokers: ['127.0.0.1:1'],
    ...config,
  });
  const subscriber = kafkaSubscriberAdapter.createSubscriber(parsed, context);
  const controller = new AbortController();
  await subscriber.start(sink, controller.signal);
  controller.abort();
  await subscriber.stop();
  expect(seen.length).toBeGreaterThan(0);
  return seen[0] as ConsumerConfig;
}

describe('Kafka subscriber: the consumer session timeout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is 10 s with a heartbeat every 3 s by default', async () => {
    const config = await consumerConfigOf({});
    expect(config).toMatchObject({
      groupId: 'orders_orders_in',
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
    });
  });

  it('takes session_timeout_ms, with a heartbeat every third of it', async () => {
    const config = await consumerConfigOf({ session_timeout_ms: 6_000, group_id: 'shared' });
    expect(config).toMatchObject({
      groupId: 'shared',
      sessionTimeout: 6_000,
      heartbeatInterval: 2_000,
    });
    const long = await consumerConfigOf({ session_timeout_ms: 60_000 });
    expect(long).toMatchObject({ sessionTimeout: 60_000, heartbeatInterval: 3_000 });
  });

  it('refuses a session timeout outside 6000..300000 ms', () => {
    for (const session_timeout_ms of [5_999, 300_001, 7_000.5]) {
      const result = subscriberConfigSchemas.kafka.safeParse({
        source: 'kafka://topic/orders',
        session_timeout_ms,
      });
      expect(result.success).toBe(false);
    }
  });
});
