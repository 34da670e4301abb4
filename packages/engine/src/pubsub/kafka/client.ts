import { Kafka, logLevel, type ISocketFactory, type SASLOptions } from 'kafkajs';
import type { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import type { AdapterContext } from '../types';

// kafkajs 2 prints a notice about its new default partitioner on every producer otherwise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export const topicName = (uri: string) => uri.slice('kafka://topic/'.length);

/** kafkajs's own retries of one request; our loop retries the whole consumer after that. */
export const REQUEST_RETRY = { retries: 3, initialRetryTime: 250, maxRetryTime: 5_000 };
/** How long stop() waits for a connection attempt still under way before giving up on it. */
export const OPEN_GRACE_MS = 5_000;

/**
 * kafkajs' socket factory with every broker connection (the bootstrap brokers and those the
 * cluster's metadata names) checked against the host policy; a refused broker is a failed
 * connection, retried by kafkajs and shown on the node.
 */
function checkedSockets(hosts: HostPolicy): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const tls = ssl ? (typeof ssl === 'object' ? ssl : {}) : undefined;
    const socket = hosts.socket(host, port, tls);
    socket.once(tls ? 'secureConnect' : 'connect', onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

/**
 * A kafkajs client for a component: inline `brokers`, else those of its named connection (or
 * `default`); TLS, SASL and the client id come from the named connection when there is one
 * (SASL only when the brokers are the connection's own).
 * kafkajs logs nothing: problems are shown on the node through the sink instead.
 */
export function kafkaClient(
  config: { brokers?: string[] | undefined; connection?: string | undefined },
  context: AdapterContext,
): Kafka {
  const named =
    config.brokers && config.connection === undefined
      ? undefined
      : resolveConnection('kafka', context.connections, config.connection);
  // The connection's credentials go only to the connection's own brokers: inline brokers that
  // differ from them get none (a stored secret never follows another host).
  const ownBrokers =
    !config.brokers ||
    (named !== undefined &&
      [...config.brokers].sort().join(',') === [...named.brokers].sort().join(','));
  const sasl = ownBrokers ? named?.sasl : undefined;
  return new Kafka({
    clientId: named?.client_id ?? 'flow',
    brokers: config.brokers ?? named?.brokers ?? [],
    ssl: named?.ssl ?? false,
    ...(sasl && {
      sasl: {
        mechanism: sasl.mechanism,
        username: sasl.username,
        password: sasl.password,
      } as SASLOptions,
    }),
    logLevel: logLevel.NOTHING,
    ...(context.hosts?.restricted && { socketFactory: checkedSockets(context.hosts) }),
    connectionTimeout: 3_000,
    retry: REQUEST_RETRY,
  });
}
