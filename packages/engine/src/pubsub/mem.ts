import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import { InvariantError, PayloadError } from '../errors';
import { nestsTooDeep, preview, TOO_DEEP_REASON, type Message } from '../message';
import type { MemoryBroker, MemoryConsumer, MemoryQueue, MemoryTopic } from './memory-broker';
import type { PublisherAdapter, Subscriber, SubscriberAdapter, SubscriberSink } from './types';

function target(uri: string, broker: MemoryBroker): MemoryQueue | MemoryTopic {
  const [, kind, name] = /^mem:\/\/(queue|topic)\/(.+)$/.exec(uri) ?? [];
  if (!name) throw new InvariantError(`"${uri}" is not mem://queue/NAME or mem://topic/NAME`);
  return kind === 'queue' ? broker.queue(name) : broker.topic(name);
}

class MemorySubscriber implements Subscriber, MemoryConsumer {
  readonly flowControl: 'pause' | 'drop-oldest';
  paused = false;
  private sink: SubscriberSink | undefined;
  private detach: (() => void) | undefined;

  constructor(
    readonly uri: string,
    private readonly source: MemoryQueue | MemoryTopic,
  ) {
    this.flowControl = 'flush' in source ? 'pause' : 'drop-oldest';
  }

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connected' });
    this.detach = this.source.attach(this);
  }

  receive(message: Message, ack?: () => void): void {
    this.sink?.deliver(message, ack);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if ('flush' in this.source) this.source.flush();
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
    this.sink?.connection({ state: 'closed' });
  }

  isDrained(): boolean {
    return 'depth' in this.source ? this.source.depth === 0 : true;
  }

  /**
   * A test message gets the check a parsed payload gets: one nested too deep is a rejected payload
   * on the node (or, when the DAG is not running, refused). Messages from other DAGs' publishers
   * are not walked: they were checked where they came in, and this is the hot path.
   */
  async inject(message: Message): Promise<void> {
    if (!nestsTooDeep(message)) this.source.push(message);
    else if (this.sink)
      this.sink.reject({
        reason: TOO_DEEP_REASON,
        preview: preview(`{ ${Object.keys(message).join(', ')} }`),
        origin: `${this.uri} (test message)`,
      });
    else throw new PayloadError(`the test message ${TOO_DEEP_REASON}`);
  }
}

export const memSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.mem> = {
  configSchema: subscriberConfigSchemas.mem,
  createSubscriber: (config, context) =>
    new MemorySubscriber(config.source, target(config.source, context.broker)),
};

export const memPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.mem> = {
  configSchema: publisherConfigSchemas.mem,
  createPublisher(config, context) {
    const destination = target(config.destination, context.broker);
    return {
      uri: config.destination,
      start: async () => {},
      publish(batch) {
        for (let i = 0; i < batch.length; i++) destination.push(batch[i] as Message);
      },
      publishOne(message) {
        destination.push(message);
      },
      stop: async () => {},
    };
  },
};
