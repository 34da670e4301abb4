import type { ConnectionOptions } from 'node:tls';
import { AbstractConnector, Redis } from 'ioredis';
import type { Connections } from '@flow/shared';
import type { Clock } from '../clock';
import type { HostPolicy } from '../policy/hosts';
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
 * An ioredis connector whose sockets go through the host policy: every connection and
 * reconnection resolves the host and checks each address. A refused host gives a socket that
 * fails with an error naming it, which ioredis retries and reports like a refused connection.
 */
function checkedConnector(hosts: HostPolicy) {
  return class CheckedConnector extends AbstractConnector {
    private readonly target: { host: string; port: number; tls?: ConnectionOptions };

    constructor(options: unknown) {
      const o = options as {
        host?: string;
        port?: number;
        tls?: ConnectionOptions;
        disconnectTimeout?: number;
      };
      super(o.disconnectTimeout ?? 2000);
      this.target = {
        host: o.host ?? 'localhost',
        port: o.port ?? 6379,
        ...(o.tls && { tls: o.tls }),
      };
    }

    connect() {
      this.connecting = true;
      const stream = hosts.socket(this.target.host, this.target.port, this.target.tls);
      stream.once('error', (error) => {
        this.firstError = error;
      });
      this.stream = stream;
      return Promise.resolve(stream);
    }
  };
}

/**
 * An ioredis client that reconnects forever with backoff and reports its state; commands issued
 * while it is down wait in its offline queue. With a restricted host policy every (re)connection
 * is checked against it.
 */
export function createRedis(
  url: string,
  clock: Clock,
  onStatus: (status: ConnectionStatus) => void,
  hosts?: HostPolicy,
): Redis {
  let lastError: string | undefined;
  const client = new Redis(url, {
    ...(hosts?.restricted && { Connector: checkedConnector(hosts) }),
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
      client = createRedis(
        redisUrl(config, context.connections),
        context.clock,
        () => {},
        context.hosts,
      );
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
