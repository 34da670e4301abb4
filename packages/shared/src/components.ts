import { z } from 'zod';
import { MAX_ATTRIBUTE_LENGTH, MAX_NAME_LENGTH, MAX_TIMER_MS, MAX_URI_LENGTH } from './limits';
import { expressionProblem } from './expression';
import { atMost } from './names';

/**
 * The config schemas of every built-in component. The engine parses configs with them, the
 * server turns them into JSON Schema for the palette, and the web app draws its forms from them.
 */

/** A message key named in a config. */
const attribute = z.string().min(1).max(MAX_ATTRIBUTE_LENGTH, atMost(MAX_ATTRIBUTE_LENGTH));
const attributeKey = z.string().max(MAX_ATTRIBUTE_LENGTH, atMost(MAX_ATTRIBUTE_LENGTH));
const attributeList = z.array(attribute).describe('attribute names');
const filterAwayList = attributeList.describe('the attributes left out of the message');
const keepList = attributeList.describe(
  'the attributes kept (in the order of the input); the rest are left out',
);
const defaults = z.record(attributeKey, z.unknown()).describe('attribute -> default value');

const empty = z.strictObject({});
const filterAway = z.strictObject({ filter_attributes: filterAwayList });
const keepOnly = z.strictObject({ keep_attributes: keepList });
const applyDefaults = z.strictObject({ defaults });
const arithmetic = z.strictObject({
  arguments: attributeList.min(1).describe('the attributes combined (at least one)'),
  output_attribute: attribute.default('result').describe('the attribute the result is set as'),
});
const rename = z.strictObject({
  name_mapping: z
    .record(attributeKey, attribute)
    .describe('old name -> new name, applied in order, each moving the current value'),
});
const random = z
  .strictObject({
    output_attribute: attribute
      .default('random')
      .describe('the attribute the random number is set as'),
    counter_attribute: attribute
      .optional()
      .describe(
        'an attribute counting the calculations, 1, 2, 3... (the original system sets "counter")',
      ),
    min: z.number().default(0).describe('the lowest number'),
    max: z.number().default(1).describe('the highest number (included when integer)'),
    integer: z.boolean().default(false).describe('a whole number, min and max included'),
    seed: z.int().optional().describe('the same numbers on every run, for tests'),
  })
  .check((ctx) => {
    const { min, max, integer } = ctx.value;
    if (min > max)
      ctx.issues.push({
        code: 'custom',
        input: max,
        path: ['max'],
        message: `must be at least min (${String(min)}), got ${String(max)}`,
      });
    else if (integer && Math.ceil(min) > Math.floor(max))
      ctx.issues.push({
        code: 'custom',
        input: max,
        path: ['max'],
        message: `no whole number lies from min (${String(min)}) to max (${String(max)})`,
      });
  });

/** The most characters of an expression in a config. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** A JSONata expression: one that does not compile is a problem naming its position. */
const expressionText = (what: string) =>
  z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH, atMost(MAX_EXPRESSION_LENGTH))
    .check((ctx) => {
      // An empty or too long one is told by min and max.
      if (ctx.value.length === 0 || ctx.value.length > MAX_EXPRESSION_LENGTH) return;
      const problem = expressionProblem(ctx.value);
      if (problem !== undefined)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `not a JSONata expression: ${problem}`,
        });
    })
    .describe(what);
const expression = z.strictObject({
  expression: expressionText('a JSONata expression over the message, e.g. price * quantity'),
  output_attribute: attribute
    .optional()
    .describe('the attribute the result is set as; none: the result, an object, is the message'),
});
const condition = z.strictObject({
  condition: expressionText(
    'a JSONata expression that yields true (the message goes on) or false (it stops here)',
  ),
});

export const calculatorConfigSchemas = {
  NullCalculator: empty,
  PassthruCalculator: empty,
  AttributeFilterAwayCalculator: filterAway,
  AttributeFilterCalculator: keepOnly,
  ApplyDefaultsCalculator: applyDefaults,
  AdditionCalculator: arithmetic,
  MultiplicationCalculator: arithmetic,
  AttributeNameChangeCalculator: rename,
  RandomCalculator: random,
  ExpressionCalculator: expression,
  FilterCalculator: condition,
} as const;

export const transformerConfigSchemas = {
  NullDataTransformer: empty,
  PassthruDataTransformer: empty,
  AttributeFilterAwayDataTransformer: filterAway,
  AttributeFilterDataTransformer: keepOnly,
  ApplyDefaultsDataTransformer: applyDefaults,
  ExpressionDataTransformer: expression,
} as const;

export type CalculatorType = keyof typeof calculatorConfigSchemas;
export type TransformerType = keyof typeof transformerConfigSchemas;
export type CalculatorConfig<T extends CalculatorType> = z.infer<
  (typeof calculatorConfigSchemas)[T]
>;
export type TransformerConfig<T extends TransformerType> = z.infer<
  (typeof transformerConfigSchemas)[T]
>;

export const calculatorTypes = Object.keys(calculatorConfigSchemas) as CalculatorType[];
export const transformerTypes = Object.keys(transformerConfigSchemas) as TransformerType[];

// ---- subscribers and publishers: one schema per URI scheme ----

const maxDepth = z
  .int()
  .positive()
  .max(10_000_000)
  .default(10_000)
  .describe('bounded queue of the subscriber node');

const memUri = z
  .string()
  .regex(/^mem:\/\/(queue|topic)\/[A-Za-z0-9_.-]+$/, {
    error: 'must be mem://queue/NAME or mem://topic/NAME',
  })
  .describe('an in-memory queue (one reader) or topic (every reader) of this server');
const fileUri = z
  .string()
  .regex(/^file:(\/\/\/)?[^\0]+$/, {
    error: 'must be file:///absolute/path or file:path/relative/to/the/dag/file',
  })
  .describe("a file of JSON lines: file:///absolute/path, inside the server's file roots");
const customUri = z
  .string()
  .regex(/^custom:\/\/[A-Za-z0-9_]+$/, {
    error: 'must be custom://NAME, where NAME is a plugin',
  })
  .describe('custom://NAME: the plugin that reads or writes');

const kafkaUri = z
  .string()
  .regex(/^kafka:\/\/topic\/[A-Za-z0-9._-]+$/, {
    error: 'must be kafka://topic/NAME',
  })
  .describe('the Kafka topic');
const redisListUri = z
  .string()
  .regex(/^redis:\/\/list\/[^\s]+$/, {
    error: 'must be redis://list/NAME',
  })
  .describe('the Redis list');
const redisChannelUri = z
  .string()
  .regex(/^redischannel:\/\/[^\s]+$/, {
    error: 'must be redischannel://NAME',
  })
  .describe('the Redis pub/sub channel');
const sqlUri = z
  .string()
  .regex(/^sql:\/\/[A-Za-z][A-Za-z0-9_]*$/, {
    error: 'must be sql://SOURCE, where SOURCE is a SQL source named in the server settings',
  })
  .describe('the SQL source named in the server settings');
const stompUri = z
  .string()
  .regex(/^stomp:\/\/(queue|topic)\/[^\s]+$/, {
    error: 'must be stomp://queue/NAME or stomp://topic/NAME',
  })
  .describe('the STOMP queue or topic');
const faninUri = z
  .string()
  .regex(/^fanin:\/\/[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$/, {
    error: 'must be fanin://NAME,NAME,... naming subscribers of this DAG',
  })
  .describe('the subscribers of this DAG whose messages this one reads, in one queue');

/** The subscribers a `fanin://a,b,c` source reads, in the order written. */
export function faninSources(uri: string): string[] {
  return uri.slice('fanin://'.length).split(',');
}

/** The name of a connection in the server settings; `default` when neither it nor inline settings are given. */
const connectionName = z
  .string()
  .max(MAX_NAME_LENGTH, atMost(MAX_NAME_LENGTH))
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
  .optional()
  .describe('a named connection from the server settings');

/** A short setting: a URI, URL, broker address or group id. */
const setting = z.string().min(1).max(MAX_URI_LENGTH, atMost(MAX_URI_LENGTH));

const subscriberBase = {
  max_depth: maxDepth,
  dead_letter: setting
    .optional()
    .describe('publisher URI that payloads which are not JSON objects are sent to'),
};

const publisherBase = {
  batch_size: z.int().positive().default(1).describe('messages sent together (1: each at once)'),
  publish_interval: z.number().min(0).default(0).describe('seconds between batch flushes'),
};

/**
 * What every subscriber config holds once parsed by its scheme's schema (each of
 * `subscriberConfigSchemas` spreads `subscriberBase`): the settings the engine reads for any
 * scheme, typed, with their defaults. The validator reads a parsed config through it.
 */
export const subscriberSettingsSchema = z.looseObject({ source: z.string(), ...subscriberBase });
/** What every publisher config holds once parsed by its scheme's schema (`publisherBase`). */
export const publisherSettingsSchema = z.looseObject({ destination: z.string(), ...publisherBase });
export type SubscriberSettings = z.output<typeof subscriberSettingsSchema>;
export type PublisherSettings = z.output<typeof publisherSettingsSchema>;

/**
 * How long Kafka waits for a silent consumer before it hands its partitions to another member of
 * the group: what a replica's failover waits for (issue 16). The broker's own bounds
 * (group.min/max.session.timeout.ms) apply too; these are Kafka's defaults for them.
 */
export const MIN_KAFKA_SESSION_TIMEOUT_MS = 6_000;
export const MAX_KAFKA_SESSION_TIMEOUT_MS = 300_000;
export const DEFAULT_KAFKA_SESSION_TIMEOUT_MS = 10_000;

const pluginOptions = z
  .record(attributeKey, z.unknown())
  .default({})
  .describe("the plugin's own settings");

export const subscriberConfigSchemas = {
  mem: z.strictObject({ source: memUri, ...subscriberBase }),
  file: z.strictObject({
    source: fileUri,
    ...subscriberBase,
    poll_interval_ms: z
      .int()
      .positive()
      .max(MAX_TIMER_MS, atMost(MAX_TIMER_MS))
      .default(200)
      .describe('how often the file is checked for new lines'),
  }),
  metronome: z.strictObject({
    source: z.literal('metronome').describe('a tick every interval_ms'),
    ...subscriberBase,
    interval_ms: z
      .int()
      .positive()
      .max(MAX_TIMER_MS, atMost(MAX_TIMER_MS))
      .default(1000)
      .describe('milliseconds between ticks'),
    message: z
      .string()
      .max(MAX_ATTRIBUTE_LENGTH, atMost(MAX_ATTRIBUTE_LENGTH))
      .optional()
      .describe(
        'each tick is {"message": this, "current_timestamp": "YYYYMMDDHHMMSS" in the server\'s local time} (the original system\'s form) instead of {"tick": n, "time": ISO-8601}',
      ),
  }),
  custom: z.strictObject({ source: customUri, ...subscriberBase, options: pluginOptions }),
  kafka: z.strictObject({
    source: kafkaUri,
    ...subscriberBase,
    connection: connectionName,
    brokers: z
      .array(setting)
      .min(1)
      .max(100, { error: 'at most 100 brokers' })
      .optional()
      .describe('host:port of Kafka brokers, instead of a named connection (admins)'),
    group_id: setting.optional().describe('consumer group; default <dag>_<subscriber>'),
    from_beginning: z
      .boolean()
      .default(false)
      .describe('a new group starts at the earliest offset'),
    session_timeout_ms: z
      .int()
      .min(MIN_KAFKA_SESSION_TIMEOUT_MS, {
        error: `must be at least ${MIN_KAFKA_SESSION_TIMEOUT_MS}`,
      })
      .max(MAX_KAFKA_SESSION_TIMEOUT_MS, {
        error: `must be at most ${MAX_KAFKA_SESSION_TIMEOUT_MS}`,
      })
      .default(DEFAULT_KAFKA_SESSION_TIMEOUT_MS)
      .describe(
        "ms without a heartbeat before Kafka gives a consumer's partitions to another (a failover waits this long); heartbeats every third of it, at most every 3000 ms",
      ),
  }),
  redis: z.strictObject({
    source: redisListUri,
    ...subscriberBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
  redischannel: z.strictObject({
    source: redisChannelUri,
    ...subscriberBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
  sql: z.strictObject({
    source: sqlUri,
    ...subscriberBase,
    poll_interval_ms: z
      .int()
      .positive()
      .max(MAX_TIMER_MS, atMost(MAX_TIMER_MS))
      .default(1000)
      .describe('how often the table is read for new rows'),
    fetch_size: z.int().positive().max(100_000).default(500).describe('rows read per poll'),
  }),
  stomp: z.strictObject({
    source: stompUri,
    ...subscriberBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
  /**
   * One subscriber over other subscribers of the same DAG: each reads its source as it would
   * alone and their messages come into this one's queue in the order they arrive.
   */
  fanin: z.strictObject({ source: faninUri, ...subscriberBase }),
} as const;

export const publisherConfigSchemas = {
  mem: z.strictObject({ destination: memUri, ...publisherBase }),
  file: z.strictObject({ destination: fileUri, ...publisherBase }),
  custom: z.strictObject({ destination: customUri, ...publisherBase, options: pluginOptions }),
  kafka: z.strictObject({
    destination: kafkaUri,
    ...publisherBase,
    connection: connectionName,
    brokers: z
      .array(setting)
      .min(1)
      .max(100, { error: 'at most 100 brokers' })
      .optional()
      .describe('host:port of Kafka brokers, instead of a named connection (admins)'),
    acks: z
      .union([z.literal(-1), z.literal(0), z.literal(1)])
      .default(-1)
      .describe('-1: all replicas'),
  }),
  redis: z.strictObject({
    destination: redisListUri,
    ...publisherBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
  redischannel: z.strictObject({
    destination: redisChannelUri,
    ...publisherBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
  sql: z.strictObject({ destination: sqlUri, ...publisherBase }),
  stomp: z.strictObject({
    destination: stompUri,
    ...publisherBase,
    connection: connectionName,
    url: setting.optional().describe('the server URL, instead of a named connection (admins)'),
  }),
} as const;

// ---- named connections: server settings, never sent to the browser ----

const connectionMap = <T extends z.ZodType>(schema: T) =>
  z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), schema).default({});

/** The settings of one named connection, per kind. */
export const connectionSettingsSchemas = {
  kafka: z.strictObject({
    brokers: z.array(z.string().min(1)).min(1),
    client_id: z.string().optional(),
    ssl: z.boolean().default(false),
    sasl: z
      .strictObject({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string(),
        password: z.string(),
      })
      .optional(),
  }),
  redis: z.strictObject({ url: z.string().min(1) }),
  stomp: z.strictObject({ url: z.string().min(1) }),
  sql: z.strictObject({
    url: z.string().min(1).describe('postgres://user:password@host:port/database'),
    table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/),
    cursor_column: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('id'),
  }),
} as const;

export type ConnectionKind = keyof typeof connectionSettingsSchemas;
export const connectionKinds = Object.keys(connectionSettingsSchemas) as ConnectionKind[];

/** The kind of named connection a component URI scheme uses (`redischannel` -> `redis`), if any. */
export function connectionKindOf(scheme: string): ConnectionKind | undefined {
  const kinds: Readonly<Record<string, ConnectionKind>> = {
    kafka: 'kafka',
    redis: 'redis',
    redischannel: 'redis',
    stomp: 'stomp',
    sql: 'sql',
  };
  return Object.hasOwn(kinds, scheme) ? kinds[scheme] : undefined;
}

export const connectionsSchema = z.strictObject({
  kafka: connectionMap(connectionSettingsSchemas.kafka),
  redis: connectionMap(connectionSettingsSchemas.redis),
  stomp: connectionMap(connectionSettingsSchemas.stomp),
  sql: connectionMap(connectionSettingsSchemas.sql),
});

export type Connections = z.output<typeof connectionsSchema>;

export type SubscriberScheme = keyof typeof subscriberConfigSchemas;
export type PublisherScheme = keyof typeof publisherConfigSchemas;
export type SubscriberConfig = z.infer<(typeof subscriberConfigSchemas)[SubscriberScheme]>;
export type PublisherConfig = z.infer<(typeof publisherConfigSchemas)[PublisherScheme]>;

/** The scheme of an adapter URI: `mem://queue/x` -> `mem`, `file:///tmp/a` -> `file`, `metronome` -> `metronome`. */
export function uriScheme(uri: string): string {
  const colon = uri.indexOf(':');
  return colon === -1 ? uri : uri.slice(0, colon);
}

/**
 * The address a new subscriber or publisher of each built-in scheme starts with in the designer,
 * `{name}` standing for the component's name: a working default (the server's catalog sends it).
 */
const addressTemplates = new Map<string, string>(
  Object.entries({
    mem: 'mem://queue/{name}',
    file: 'file:///tmp/{name}.jsonl',
    metronome: 'metronome',
    custom: 'custom://{name}',
    kafka: 'kafka://topic/{name}',
    redis: 'redis://list/{name}',
    redischannel: 'redischannel://{name}',
    sql: 'sql://default',
    stomp: 'stomp://queue/{name}',
    fanin: 'fanin://a,b',
  } satisfies Record<SubscriberScheme | PublisherScheme, string>),
);

/**
 * The address template of an adapter type: a built-in scheme's own, a plugin's `custom://TYPE`
 * as it is, else `TYPE://{name}`. Fill it with `fillAddress`.
 */
export function addressTemplate(type: string): string {
  return addressTemplates.get(type) ?? (type.includes('://') ? type : `${type}://{name}`);
}

/** An address template with a component's name put in. */
export function fillAddress(template: string, name: string): string {
  return template.replaceAll('{name}', name);
}
