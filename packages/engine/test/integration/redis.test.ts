import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import {
  redisChannelPublisherAdapter,
  redisChannelSubscriberAdapter,
} from '../../src/pubsub/redis-channel';
import { redisListPublisherAdapter, redisListSubscriberAdapter } from '../../src/pubsub/redis-list';
import { adapterContext, definePubSubContract } from './contract';
import { requireService, services, unique } from './services';

let raw: Redis;
beforeAll(async () => {
  await requireService('Redis', services.redis);
  raw = new Redis(services.redis);
});
afterAll(async () => {
  await raw.quit();
});

let list = '';
definePubSubContract({
  name: 'redis list',
  acknowledges: true,
  flowControl: 'pause',
  async create() {
    list = unique('contract');
    const context = adapterContext('redis_list', { redis: { default: { url: services.redis } } });
    const source = `redis://list/${list}`;
    return {
      subscriber: () =>
        redisListSubscriberAdapter.createSubscriber(
          redisListSubscriberAdapter.configSchema.parse({ source }),
          context,
        ),
      publisher: () =>
        redisListPublisherAdapter.createPublisher(
          redisListPublisherAdapter.configSchema.parse({ destination: source }),
          context,
        ),
    };
  },
  putRaw: async (payload) => {
    await raw.lpush(list, payload);
  },
});

let channel = '';
definePubSubContract({
  name: 'redis channel',
  acknowledges: false,
  flowControl: 'drop-oldest',
  settleMs: 200,
  async create() {
    channel = unique('contract');
    const context = adapterContext('redis_channel');
    const uri = `redischannel://${channel}`;
    return {
      subscriber: () =>
        redisChannelSubscriberAdapter.createSubscriber(
          redisChannelSubscriberAdapter.configSchema.parse({ source: uri, url: services.redis }),
          context,
        ),
      publisher: () =>
        redisChannelPublisherAdapter.createPublisher(
          redisChannelPublisherAdapter.configSchema.parse({
            destination: uri,
            url: services.redis,
          }),
          context,
        ),
    };
  },
  putRaw: async (payload) => {
    await raw.publish(channel, payload);
  },
});
