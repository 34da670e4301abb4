import { Redis } from 'ioredis';
import type { Connections } from '@flow/shared';
import type { Clock } from '../clock';
import { resolveConnection } from './connections';
import { backoffDelay, redact } from './retry';
import type { ConnectionStatus } from './types';

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
