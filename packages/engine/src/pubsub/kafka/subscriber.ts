import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import { subscriberConfigSchemas } from '@flow/shared';
import { errorMessage } from '../../errors';
import type { Message } from '../../message';
import { backoffDelay, redact, sleep } from '../retry';
import type {
  AdapterContext,
  ConnectionStatus,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from '../types';
import { kafkaClient, REQUEST_RETRY, topicName } from './client';
import { ConsumerSession } from './session';

/** How long the broker holds an empty fetch: short, so that new messages get going fast. */
const MAX_WAIT_MS = 100;

/** A heartbeat every third of the session timeout, at most every 3 s (kafkajs' default). */
export function consumerTimeouts(sessionTimeoutMs: number): {
  sessionTimeout: number;
  heartbeatInterval: number;
} {
  return {
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
  };
}

/**
 * `kafka://topic/NAME` read by a consumer group (default `<dag>_<subscriber>`). Offsets are
 * committed only for acknowledged messages, so what was delivered but not published comes again
 * after a restart. A failing consumer is shown on the node and restarted with backoff.
 */
class KafkaSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private readonly topic: string;
  private readonly groupId: string;
  private session: ConsumerSession | undefined;
  private paused = false;
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private state: ConnectionStatus['state'] = 'connecting';

  constructor(
    readonly uri: string,
    private readonly kafka: Kafka,
    private readonly config: z.output<typeof subscriberConfigSchemas.kafka>,
    private readonly context: AdapterContext,
  ) {
    this.topic = topicName(uri);
    this.groupId = config.group_id ?? `${context.dagName}_${context.componentName}`;
  }

  /** Resolves once the group is joined, or after the first failure (retried in the background). */
  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    this.report(sink, { state: 'connecting' });
    await new Promise<void>((started) => {
      this.loop = this.run(sink, started);
    });
  }

  private report(sink: SubscriberSink, status: ConnectionStatus): void {
    if (status.state === 'connected' && this.state === 'connected') return;
    this.state = status.state;
    sink.connection(status);
  }

  private async run(sink: SubscriberSink, started: () => void): Promise<void> {
    const signal = this.abort.signal;
    const clock = this.context.clock;
    let attempt = 0;
    try {
      while (!signal.aborted) {
        const session = new ConsumerSession(
          this.kafka.consumer({
            groupId: this.groupId,
            ...consumerTimeouts(this.config.session_timeout_ms),
            maxWaitTimeInMs: MAX_WAIT_MS,
            allowAutoTopicCreation: true,
            retry: { ...REQUEST_RETRY, restartOnFailure: async () => false },
          }),
          {
            topic: this.topic,
            fromBeginning: this.config.from_beginning,
            sink,
            context: this.context,
            isPaused: () => this.paused,
            onJoin: () => this.report(sink, { state: 'connected' }),
          },
        );
        this.session = session;
        let failure: unknown;
        try {
          await session.open();
          attempt = 0;
          started();
          failure = await session.ended;
        } catch (error) {
          failure = error;
        }
        await session.close();
        this.session = undefined;
        if (signal.aborted) break;
        attempt++;
        const delay = backoffDelay(attempt, 500, 10_000);
        this.report(sink, {
          state: 'reconnecting',
          error: redact(errorMessage(failure ?? 'the consumer stopped')),
          nextRetryAt: clock.now() + delay,
        });
        started();
        await sleep(delay, clock, signal).catch(() => {});
      }
    } finally {
      started();
    }
  }

  pause(): void {
    this.paused = true; // the session holds its current batch until resume
  }

  resume(): void {
    this.paused = false;
    this.session?.resume();
  }

  /** Commits what is acknowledged, leaves the group and disconnects. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      this.session?.end();
      await this.loop;
    })();
    return this.stopping;
  }

  async inject(message: Message): Promise<void> {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    try {
      await producer.send({ topic: this.topic, messages: [{ value: JSON.stringify(message) }] });
    } finally {
      await producer.disconnect();
    }
  }
}

export const kafkaSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.kafka> = {
  configSchema: subscriberConfigSchemas.kafka,
  createSubscriber: (config, context) =>
    new KafkaSubscriber(config.source, kafkaClient(config, context), config, context),
};
