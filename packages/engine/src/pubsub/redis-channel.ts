import type { Redis } from 'ioredis';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import type { Message } from '../message';
import { closeRedis, createRedis, redisPublisher, redisUrl } from './redis-client';
import type {
  AdapterContext,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from './types';
import { deliverPayload } from './payload';

const channelName = (uri: string) => uri.slice('redischannel://'.length);

/** `redischannel://NAME` with SUBSCRIBE: no durability; when the node's queue is full the oldest message is dropped. */
class RedisChannelSubscriber implements Subscriber {
  readonly flowControl = 'drop-oldest';
  private client: Redis | undefined;
  private readonly channel: string;

  constructor(
    readonly uri: string,
    private readonly url: string,
    private readonly context: AdapterContext,
  ) {
    this.channel = channelName(uri);
  }

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connecting' });
    const client = (this.client = createRedis(
      this.url,
      this.context.clock,
      (s) => sink.connection(s),
      this.context.hosts,
    ));
    client.on('message', (_channel: string, raw: string) =>
      deliverPayload(sink, raw, `channel ${this.channel}`),
    );
    // ioredis subscribes again by itself after a reconnect.
    // Not awaited: while Redis is unreachable the command waits for a connection, not the start.
    client.connect().catch(() => {});
    client.subscribe(this.channel).catch(() => {});
  }

  pause(): void {}
  resume(): void {}

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await closeRedis(client);
  }

  async inject(message: Message): Promise<void> {
    const client = createRedis(this.url, this.context.clock, () => {}, this.context.hosts);
    try {
      await client.publish(this.channel, JSON.stringify(message));
    } finally {
      await closeRedis(client);
    }
  }
}

export const redisChannelSubscriberAdapter: SubscriberAdapter<
  typeof subscriberConfigSchemas.redischannel
> = {
  configSchema: subscriberConfigSchemas.redischannel,
  createSubscriber: (config, context) =>
    new RedisChannelSubscriber(config.source, redisUrl(config, context.connections), context),
};

export const redisChannelPublisherAdapter: PublisherAdapter<
  typeof publisherConfigSchemas.redischannel
> = {
  configSchema: publisherConfigSchemas.redischannel,
  createPublisher(config, context) {
    const channel = channelName(config.destination);
    return redisPublisher(config, context, (client, batch) => {
      const pipeline = client.pipeline();
      for (const m of batch) pipeline.publish(channel, JSON.stringify(m));
      return pipeline.exec();
    });
  },
};
