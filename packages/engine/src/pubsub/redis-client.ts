import type { ConnectionOptions } from 'node:tls';
import { AbstractConnector, Redis } from 'ioredis';
import type { Connections } from '@flow/shared';
import type { Clock } from '../clock';
import { AdapterError } from '../errors';
import type { HostPolicy } from '../policy/hosts';
import { resolveConnection } from './connections';
import { backoffDelay, redact, untilAborted } from './retry';
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

/** How long a connected client may take to QUIT before it is disconnected. */
const QUIT_TIMEOUT_MS = 1000;

/**
 * Closes a client without ever hanging: QUIT (bounded) when connected, else a disconnect, since
 * a QUIT queued while Redis is unreachable would wait forever for a connection.
 */
export async function closeRedis(client: Redis | undefined): Promise<void> {
  if (!client) return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
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
  // Commands wait in the client's offline queue while Redis is down; a stop or an abort ends
  // the wait (they fail and their messages stay unacknowledged).
  const closed = new AbortController();
  const stop = async (): Promise<void> => {
    const closing = client;
    client = undefined;
    closed.abort();
    await closeRedis(closing);
  };
  return {
    uri: config.destination,
    async start(signal) {
      signal.addEventListener('abort', () => void stop(), { once: true });
      client = createRedis(
        redisUrl(config, context.connections),
        context.clock,
        () => {},
        context.hosts,
      );
      client.connect().catch(() => {});
    },
    async publish(batch) {
      if (!client) throw new AdapterError(`${config.destination} is not started`);
      await untilAborted(send(client, batch), closed.signal);
    },
    stop,
  };
}
