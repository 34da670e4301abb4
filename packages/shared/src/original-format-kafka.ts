import { isRecord, type Parsed } from './config-walk';
import type { AdapterConversion, AdapterKind } from './original-format-adapters';

/**
 * The Kafka settings of the original system (original-format-adapters.ts calls this for each
 * `kafka://` config): `bootstrap_servers` as our inline `brokers` (so the host policy and the
 * admins-only rule for inline brokers apply to them), `group_id`, and what of the kafka-python
 * `producer_config` / `consumer_config` and the `confluent_config` our client has; each other
 * client setting is a warning at its place.
 */

/** Keys of the original that list Kafka brokers inline: the host policy applies to them as to `brokers`. */
export const ORIGINAL_BROKER_KEYS: readonly string[] = ['bootstrap_servers', 'bootstrap.servers'];

/** The brokers of a `bootstrap_servers` value ("h1:9092,h2:9092" or a list), or undefined when it is neither. */
export function brokerList(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    const list = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return list.length > 0 ? list : undefined;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
    return value.map((v: string) => v.trim());
  return undefined;
}

/** Kafka settings of a client config by their kafka-python name (`auto.offset.reset` -> `auto_offset_reset`). */
const clientKey = (key: string) => key.replaceAll('.', '_');

const CLIENT_SECTIONS = ['producer_config', 'consumer_config', 'confluent_config'] as const;

export function kafkaConfig(
  kind: AdapterKind,
  config: Parsed,
  name: unknown,
  at: PropertyKey[],
  c: AdapterConversion,
) {
  if (kind === 'publisher' && Object.hasOwn(config, 'group_id')) {
    delete config.group_id;
    c.warn([...at, 'group_id'], 'group_id is ignored on a publisher');
  }
  if (Object.hasOwn(config, 'bootstrap_servers'))
    takeBrokers(
      config,
      'bootstrap_servers',
      config.bootstrap_servers,
      [...at, 'bootstrap_servers'],
      at,
      c,
    );
  delete config.bootstrap_servers;
  let fromBeginning: boolean | undefined;
  for (const section of CLIENT_SECTIONS) {
    if (!Object.hasOwn(config, section)) continue;
    const client = config[section];
    Reflect.deleteProperty(config, section);
    const sectionAt = [...at, section];
    if (!isRecord(client)) {
      c.refuse(sectionAt, 'invalid_type', `${section} must be an object of client settings`);
      continue;
    }
    const own = section === 'confluent_config' || section === `${kindWord(kind)}_config`;
    if (!own) {
      c.warn(sectionAt, `${section} is ignored on a ${kind}`);
      continue;
    }
    for (const [key, value] of Object.entries(client)) {
      const setting = clientKey(key);
      const keyAt = [...sectionAt, key];
      if (setting === 'bootstrap_servers') {
        takeBrokers(config, key, value, keyAt, at, c);
      } else if (kind === 'subscriber' && setting === 'group_id') {
        if (Object.hasOwn(config, 'group_id'))
          c.refuse(
            keyAt,
            'conflicting_keys',
            `group_id is given in ${section} and beside it: keep one`,
          );
        else {
          config.group_id = value;
          c.rename([...at, 'group_id'], keyAt);
        }
      } else if (kind === 'subscriber' && setting === 'auto_offset_reset') {
        if (value === 'earliest' || value === 'smallest') fromBeginning = true;
        else if (value === 'latest' || value === 'largest') fromBeginning = false;
        else c.warn(keyAt, `${key} is ignored: only earliest and latest are supported`);
      } else if (kind === 'publisher' && setting === 'acks') {
        const acks =
          value === 'all' || value === '-1'
            ? -1
            : typeof value === 'string'
              ? Number(value)
              : value;
        if (acks === -1 || acks === 0 || acks === 1) {
          config.acks = acks;
          c.rename([...at, 'acks'], keyAt);
        } else c.refuse(keyAt, 'invalid_value', `${key} must be 0, 1, -1 or "all"`);
      } else c.warn(keyAt, `${key} is ignored: ${clientSettingReason(setting)}`);
    }
  }
  if (kind !== 'subscriber') return;
  // The original's defaults: a new group starts at the earliest offset; the group is <name>_group.
  if (!Object.hasOwn(config, 'from_beginning')) config.from_beginning = fromBeginning ?? true;
  if (!Object.hasOwn(config, 'group_id') && typeof name === 'string')
    config.group_id = `${name}_group`;
}

const kindWord = (kind: AdapterKind) => (kind === 'subscriber' ? 'consumer' : 'producer');

function clientSettingReason(setting: string): string {
  if (/^(security_protocol|sasl_|ssl_)/.test(setting))
    return 'TLS and SASL come from a named Kafka connection (FLOW_CONNECTIONS)';
  return 'our Kafka client does not take it';
}

/** `bootstrap_servers` as our `brokers`; at most one place may give them. */
function takeBrokers(
  config: Parsed,
  key: string,
  value: unknown,
  keyAt: PropertyKey[],
  configAt: PropertyKey[],
  c: AdapterConversion,
) {
  const list = brokerList(value);
  if (!list)
    c.refuse(
      keyAt,
      'invalid_value',
      `${key} must be "host:port,host:port" or a list of "host:port" strings`,
    );
  else if (Object.hasOwn(config, 'brokers'))
    c.refuse(keyAt, 'conflicting_keys', `${key} gives the brokers a second time: keep one place`);
  else {
    config.brokers = list;
    c.rename([...configAt, 'brokers'], keyAt);
    // "h1:9092,h2:9092" is one string: what is said of one of its brokers is said of it.
    if (typeof value === 'string')
      list.forEach((_, i) => c.rename([...configAt, 'brokers', i], keyAt));
  }
}
