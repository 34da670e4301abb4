import { Redis } from 'ioredis';
import type { Connections } from '@flow/shared';
import type { Clock } from '../clock';
import { resolveConnection } from './connections';
import { backoffDelay, redact } from './retry';
import type { AdapterContext, ConnectionStatus, Publisher } from './types';
import type { Message } from '../message';

/** The Redis URL of a component: inline `url`, else its named connection, else `default`. */
export function redisUrl(
  config: { url?: string | undefined; connection?: string | undefined },
  connections: Connections,
): string {
  return config.url ?? resolveConnection('redis', connections, config.connection).url;
}

/**
 * An ioredis client that reconnects forever with backoff and reports its state; commands issued
 * while it is down wait in its offline queue.
 */
export function createRedis(
  url: string,
  clock: Clock,
  onStatus: (status: ConnectionStatus) => void,
): Redis {
  let lastError: string | undefined;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => backoffDelay(attempt, 200, 10_000),
  });
  client.on('ready', () => {
    lastError = undefined;
    onStatus({ state: 'connected' });
  });
  client.on('error', (error: Error) => {
    lastError = redact(error.message);
  });
  client.on('reconnecting', (delay: number) =>
    onStatus({
      state: 'reconnecting',
      error: lastError ?? `lost connection to ${redact(url)}`,
      nextRetryAt: clock.now() + delay,
    }),
  );
  return client;
}

/**
 * A Redis publisher: one client, connected in the background (retried; commands wait in its
 * offline queue meanwhile), and `send` doing the adapter's own command for a batch.
 */
export function redisPublisher(
  config: { destination: string; url?: string | undefined; connection?: string | undefined },
  context: AdapterContext,
  send: (client: Redis, batch: readonly Message[]) => Promise<unknown>,
): Publisher {
  let client: Redis | undefined;
  return {
    uri: config.destination,
    async start() {
      client = createRedis(redisUrl(config, context.connections), context.clock, () => {});
      client.connect().catch(() => {});
    },
    async publish(batch) {
      if (!client) throw new Error(`${config.destination} is not started`);
      await send(client, batch);
    },
    async stop() {
      await client?.quit().catch(() => client?.disconnect());
      client = undefined;
    },
  };
}
