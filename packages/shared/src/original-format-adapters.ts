import { uriScheme, type ConnectionKind } from './components';
import { isRecord, type Parsed } from './config-walk';
import { cutText } from './limits';
import { kafkaConfig } from './original-format-kafka';
import type { ProblemCode } from './problems';

/**
 * The adapter forms of the original system (DishtaYantra) converted into ours (issue 15), called
 * by original-format.ts for each subscriber and publisher config:
 * - `mem://NAME`, `inmemory://NAME`, `memory://NAME`: an in-memory queue when NAME contains
 *   "queue" and a topic otherwise, as the original decides; `max_size` bounds the queue.
 * - Kafka: `bootstrap_servers` (a list or "h1:9092,h2:9092") as our inline `brokers`, `group_id`,
 *   and what of `producer_config` / `consumer_config` / `confluent_config` our client has; the
 *   original's defaults (a new group reads from the earliest offset, group `<name>_group`).
 * - `activemq://` and `rabbitmq://` `queue|topic/NAME` over our STOMP adapter, on a named STOMP
 *   connection: the broker's own name (`activemq`, `rabbitmq`) when the server has it, else
 *   `default`; inline host, port and login are not used.
 * - `fanin://a, b` and `composite://a,b` as our `fanin://a,b`.
 * What the original has and ours does not take is a warning at its place in the original file.
 */

/** The names of the server's named connections by kind (FLOW_CONNECTIONS and stored ones). */
export type ConnectionNames = Readonly<Partial<Record<ConnectionKind, readonly string[]>>>;

/** What a conversion reports into and reads: original-format.ts's collectors. */
export interface AdapterConversion {
  warn(segments: readonly PropertyKey[], message: string): void;
  refuse(segments: readonly PropertyKey[], code: ProblemCode, message: string): void;
  /** Records that a key of the converted config came from another key of the original. */
  rename(to: readonly PropertyKey[], from: readonly PropertyKey[]): void;
  /** Undefined when the caller does not know them (the browser): the broker's name is kept. */
  readonly connections?: ConnectionNames | undefined;
}

/** Keys of the original's adapters about retrying: ours retry with backoff until stopped. */
const RETRY_KEYS = ['max_retries', 'retry_delay', 'auto_reconnect', 'resilient'];

const PACKAGING =
  "the original's packaging of a message that is not a JSON object is not built here";
/** Other keys of the original's adapters that ours do not take, with why (seen in its example DAGs). */
const IGNORED_ADAPTER_KEYS: Readonly<Record<string, string>> = {
  watch_interval: 'a file subscriber here follows its file (poll_interval_ms)',
  idle_poll_interval: 'the adapters here poll on their own (poll_interval_ms where they have it)',
  async_egress: 'there is no write-ahead publishing queue: a publisher retries and the DAG waits',
  auto_package_non_dict: PACKAGING,
  package_wrapper_key: PACKAGING,
  add_package_metadata: PACKAGING,
  preserve_raw_on_error: PACKAGING,
  queue_type: 'messages wait in arrival order (the original could order them by priority)',
  dag_priority_key: 'messages wait in arrival order (the original could order them by priority)',
};

export function convertSubscriberSpec(spec: Parsed, at: PropertyKey[], c: AdapterConversion) {
  return convertSpec('subscriber', spec, at, c);
}

export function convertPublisherSpec(spec: Parsed, at: PropertyKey[], c: AdapterConversion) {
  return convertSpec('publisher', spec, at, c);
}

export type AdapterKind = 'subscriber' | 'publisher';

function convertSpec(
  kind: AdapterKind,
  spec: Parsed,
  at: PropertyKey[],
  c: AdapterConversion,
): Parsed {
  if (Object.hasOwn(spec, 'type')) {
    const { type: _type, ...rest } = spec;
    spec = rest;
    c.warn([...at, 'type'], `type is ignored: the ${kind}'s URI picks the adapter`);
  }
  if (!isRecord(spec.config)) return spec;
  const configAt = [...at, 'config'];
  const key = kind === 'subscriber' ? 'source' : 'destination';
  const config: Parsed = { ...spec.config };
  const uri = config[key];
  if (typeof uri !== 'string') return spec;
  const scheme = uriScheme(uri);
  if (scheme === 'mem' || scheme === 'inmemory' || scheme === 'memory')
    memConfig(kind, config, key, configAt, c);
  else if (Object.hasOwn(config, 'max_size')) {
    delete config.max_size;
    c.warn([...configAt, 'max_size'], 'max_size is ignored: only in-memory queues have it');
  }
  retryKeys(config, configAt, c);
  for (const ignored of Object.keys(config)) {
    const reason = Object.hasOwn(IGNORED_ADAPTER_KEYS, ignored)
      ? IGNORED_ADAPTER_KEYS[ignored]
      : kind === 'publisher' && ignored === 'max_depth'
        ? 'a publisher here has no queue of its own: its DAG waits for it'
        : undefined;
    if (reason === undefined) continue;
    Reflect.deleteProperty(config, ignored);
    c.warn([...configAt, ignored], `${ignored} is ignored: ${reason}`);
  }
  if (kind === 'publisher' && Object.hasOwn(config, 'max_queue_depth')) {
    delete config.max_queue_depth;
    c.warn(
      [...configAt, 'max_queue_depth'],
      'max_queue_depth is ignored: past max(1000, 10 x batch_size) messages waiting for a ' +
        'publisher, the DAG waits for it',
    );
  }
  if (scheme === 'kafka') kafkaConfig(kind, config, spec.name, configAt, c);
  if (scheme === 'activemq' || scheme === 'rabbitmq') stompConfig(scheme, config, key, configAt, c);
  if (kind === 'subscriber' && /^(fanin|composite):\/\//.test(uri))
    config.source = `fanin://${uri
      .slice(scheme.length + 3)
      .split(',')
      .map((s) => s.trim())
      .join(',')}`;
  return { ...spec, config };
}

const MEM_NAME = /^[A-Za-z0-9_.-]+$/;

/** `mem://NAME` and its aliases as ours; `max_size` as the subscriber's `max_depth`. */
function memConfig(
  kind: AdapterKind,
  config: Parsed,
  key: string,
  at: PropertyKey[],
  c: AdapterConversion,
) {
  const uri = config[key] as string;
  const scheme = uriScheme(uri);
  const prefixed = uri.startsWith(`${scheme}://`);
  const rest = prefixed ? uri.slice(scheme.length + 3) : '';
  if (!prefixed && scheme === 'mem') {
    // Not a form of the original: the schema says what ours wants.
  } else if (/^(queue|topic)\//.test(rest) && MEM_NAME.test(rest.slice(6)))
    config[key] = `mem://${rest}`;
  // The original's own rule: a queue when the name says so, else a topic.
  else if (MEM_NAME.test(rest))
    config[key] = `mem://${rest.includes('queue') ? 'queue' : 'topic'}/${rest}`;
  else if (scheme !== 'mem')
    c.refuse(
      [...at, key],
      'invalid_value',
      `must be ${scheme}://NAME (letters, digits, _ . -), or ${scheme}://queue/NAME or ${scheme}://topic/NAME`,
    );
  if (!Object.hasOwn(config, 'max_size')) return;
  const maxSize = config.max_size;
  delete config.max_size;
  if (kind === 'publisher')
    c.warn(
      [...at, 'max_size'],
      "max_size is ignored on a publisher: a queue's subscriber bounds it with its max_depth",
    );
  else if (Object.hasOwn(config, 'max_depth'))
    c.warn(
      [...at, 'max_size'],
      'max_size is ignored: max_depth is given too, and it bounds what waits for the node',
    );
  else {
    config.max_depth = maxSize;
    c.rename([...at, 'max_depth'], [...at, 'max_size']);
  }
}

function retryKeys(config: Parsed, at: PropertyKey[], c: AdapterConversion) {
  for (const key of RETRY_KEYS) {
    if (!Object.hasOwn(config, key)) continue;
    Reflect.deleteProperty(config, key);
    c.warn(
      [...at, key],
      `${key} is ignored: the connection is retried with backoff until the DAG stops`,
    );
  }
}

/** Keys of the original's ActiveMQ and RabbitMQ adapters that say where and how to connect. */
const BROKER_KEYS = /^(host|port|username|password|virtual_host|use_ssl|ssl_.*)$/;
/** Keys of the original's RabbitMQ adapter about AMQP exchanges and queues. */
const AMQP_KEYS = /^(exchange|queue|queue_durable|queue_exclusive|queue_auto_delete|binding_key)$/;

/** `activemq://queue/NAME` and `rabbitmq://topic/NAME` over STOMP, on a named connection. */
function stompConfig(
  broker: 'activemq' | 'rabbitmq',
  config: Parsed,
  key: string,
  at: PropertyKey[],
  c: AdapterConversion,
) {
  const uri = config[key] as string;
  const match = /^[a-z]+:\/\/(queue|topic)\/(\S+)$/.exec(uri);
  if (!match) {
    c.refuse(
      [...at, key],
      'invalid_value',
      `must be ${broker}://queue/NAME or ${broker}://topic/NAME`,
    );
    return;
  }
  config[key] = `stomp://${match[1] as string}/${match[2] as string}`;
  const chosen = Object.hasOwn(config, 'connection')
    ? config.connection
    : chooseConnection(broker, c);
  if (chosen === null)
    c.refuse(
      [...at, key],
      'connection_required',
      `${cutText(uri)} needs a STOMP connection: add "${broker}" (or "default") under "stomp" in ` +
        `FLOW_CONNECTIONS, e.g. {"stomp": {"${broker}": {"url": "stomp://user:password@host:61613"}}}`,
    );
  else if (chosen !== undefined) config.connection = chosen;
  // Its login and AMQP keys are left out even when the connection is missing: that is the problem.
  const name = typeof chosen === 'string' ? chosen : chosen === null ? broker : 'default';
  for (const k of Object.keys(config)) {
    if (BROKER_KEYS.test(k))
      c.warn(
        [...at, k],
        `${k} is ignored: the broker's address and login come from the STOMP connection "${name}" (FLOW_CONNECTIONS)`,
      );
    else if (AMQP_KEYS.test(k))
      c.warn(
        [...at, k],
        `${k} is ignored: over STOMP a queue is /queue/NAME and a topic is /topic/NAME (RabbitMQ: amq.topic, routing key NAME)`,
      );
    else continue;
    Reflect.deleteProperty(config, k);
  }
}

/**
 * The STOMP connection of a broker URI: its own name when the server has a connection by it,
 * else `default` (undefined: no `connection` key); null when the server has neither. When the
 * names are not known, the broker's own name.
 */
function chooseConnection(
  broker: 'activemq' | 'rabbitmq',
  c: AdapterConversion,
): string | undefined | null {
  const names = c.connections?.stomp;
  if (!c.connections) return broker;
  if (names?.includes(broker)) return broker;
  if (names?.includes('default')) return undefined;
  return null;
}
