import { describe, expect, it } from 'vitest';
import { brokerList } from './original-format-kafka';
import { builtinCatalog, validateDag, type ComponentCatalog } from './validate';

/**
 * A DAG in the original format reading with subscriber `in` and writing with publisher `out`,
 * plus any further subscribers (read by a fanin, say).
 */
function original(
  sub: Record<string, unknown>,
  pub: Record<string, unknown> = { destination: 'mem://queue/out' },
  more: Record<string, unknown>[] = [],
): Record<string, unknown> {
  return {
    name: 'adapters',
    subscribers: [{ name: 'in', config: sub }, ...more],
    publishers: [{ name: 'out', config: pub }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [{ from_node: 'src', to_node: 'sink' }],
  };
}

const withConnections = (stomp: string[]): ComponentCatalog => ({
  ...builtinCatalog,
  connections: { stomp },
});

function converted(dag: Record<string, unknown>, catalog: ComponentCatalog = builtinCatalog) {
  const result = validateDag(dag, catalog);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return {
    sub: result.dag.subscribers[0]?.config as Record<string, unknown>,
    pub: result.dag.publishers[0]?.config as Record<string, unknown>,
    warnings: (result.warnings ?? []).map((w) => [w.path, w.message]),
  };
}

function problems(dag: Record<string, unknown>, catalog: ComponentCatalog = builtinCatalog) {
  const result = validateDag(dag, catalog);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.code, p.message]);
}

describe('in-memory forms of the original', () => {
  it('are queues when the name says queue and topics otherwise, as the original decides', () => {
    const cases: [string, string][] = [
      ['mem://orders_queue', 'mem://queue/orders_queue'],
      ['inmemory://batch_data_queue', 'mem://queue/batch_data_queue'],
      ['memory://market_data', 'mem://topic/market_data'],
      ['inmemory://prices', 'mem://topic/prices'],
      ['inmemory://queue/x', 'mem://queue/x'],
      ['inmemory://topic/y', 'mem://topic/y'],
      ['mem://queue/z', 'mem://queue/z'],
    ];
    for (const [uri, ours] of cases) {
      const { sub, pub } = converted(original({ source: uri }, { destination: uri }));
      expect([uri, sub.source, pub.destination]).toEqual([uri, ours, ours]);
    }
  });

  it('leave a malformed mem: URI to our schema, which says what it wants', () => {
    expect(problems(original({ source: 'mem:orders' }))).toEqual([
      [
        '$.subscribers[0].config.source',
        'invalid_value',
        'must be mem://queue/NAME or mem://topic/NAME, got "mem:orders"',
      ],
    ]);
  });

  it('refuse a name the original would misread, at its place', () => {
    expect(problems(original({ source: 'inmemory://a/b' }))).toEqual([
      [
        '$.subscribers[0].config.source',
        'invalid_value',
        'must be inmemory://NAME (letters, digits, _ . -), or inmemory://queue/NAME or inmemory://topic/NAME',
      ],
    ]);
  });

  it("take max_size as the subscriber's max_depth; elsewhere it is a warning", () => {
    const plain = converted(
      original(
        { source: 'mem://in_queue', max_size: 50 },
        { destination: 'mem://in_queue', max_size: 9 },
      ),
    );
    expect(plain.sub.max_depth).toBe(50);
    expect(plain.sub).not.toHaveProperty('max_size');
    expect(plain.pub).not.toHaveProperty('max_size');
    expect(plain.warnings).toEqual([
      [
        '$.publishers[0].config.max_size',
        "max_size is ignored on a publisher: a queue's subscriber bounds it with its max_depth",
      ],
    ]);
    const both = converted(original({ source: 'mem://q_queue', max_size: 50, max_depth: 7 }));
    expect(both.sub.max_depth).toBe(7);
    expect(both.warnings).toEqual([
      [
        '$.subscribers[0].config.max_size',
        'max_size is ignored: max_depth is given too, and it bounds what waits for the node',
      ],
    ]);
    // A bad bound is reported where the file has it.
    expect(problems(original({ source: 'mem://q_queue', max_size: -1 }))).toEqual([
      ['$.subscribers[0].config.max_size', 'invalid_value', expect.any(String)],
    ]);
    const kafka = converted(original({ source: 'kafka://topic/t', max_size: 3 }));
    expect(kafka.warnings).toContainEqual([
      '$.subscribers[0].config.max_size',
      'max_size is ignored: only in-memory queues have it',
    ]);
  });
});

describe('Kafka settings of the original', () => {
  it('read bootstrap_servers as a string or a list', () => {
    expect(brokerList(' h1:9092, h2:9092 ,')).toEqual(['h1:9092', 'h2:9092']);
    expect(brokerList(['h1:9092'])).toEqual(['h1:9092']);
    expect(brokerList([1])).toBeUndefined();
    expect(brokerList('')).toBeUndefined();
    const { sub, pub } = converted(
      original(
        { source: 'kafka://topic/t', bootstrap_servers: 'h1:9092,h2:9092', group_id: 'g' },
        { destination: 'kafka://topic/u', bootstrap_servers: ['h3:9092'] },
      ),
    );
    expect(sub).toMatchObject({ brokers: ['h1:9092', 'h2:9092'], group_id: 'g' });
    expect(sub).not.toHaveProperty('bootstrap_servers');
    expect(pub).toMatchObject({ brokers: ['h3:9092'] });
  });

  it("keep the original's defaults: earliest offset, group <name>_group", () => {
    const { sub } = converted(original({ source: 'kafka://topic/t' }));
    expect(sub).toMatchObject({ from_beginning: true, group_id: 'in_group' });
    expect(sub).not.toHaveProperty('brokers'); // the default named connection
  });

  it('map the client settings ours has and warn about each of the rest at its place', () => {
    const { sub, pub, warnings } = converted(
      original(
        {
          source: 'kafka://topic/t',
          bootstrap_servers: ['b:9092'],
          consumer_config: {
            auto_offset_reset: 'latest',
            group_id: 'from_client',
            enable_auto_commit: false,
            security_protocol: 'SASL_SSL',
          },
          producer_config: { acks: 1 },
          max_retries: 3,
        },
        {
          destination: 'kafka://topic/u',
          producer_config: { acks: 'all', linger_ms: 5 },
          confluent_config: { 'bootstrap.servers': 'c:9092', 'compression.type': 'gzip' },
        },
      ),
    );
    expect(sub).toMatchObject({ from_beginning: false, group_id: 'from_client' });
    expect(pub).toMatchObject({ acks: -1, brokers: ['c:9092'] });
    expect(warnings).toEqual(
      expect.arrayContaining([
        [
          '$.subscribers[0].config.max_retries',
          'max_retries is ignored: the connection is retried with backoff until the DAG stops',
        ],
        [
          '$.subscribers[0].config.consumer_config.enable_auto_commit',
          'enable_auto_commit is ignored: our Kafka client does not take it',
        ],
        [
          '$.subscribers[0].config.consumer_config.security_protocol',
          'security_protocol is ignored: TLS and SASL come from a named Kafka connection (FLOW_CONNECTIONS)',
        ],
        ['$.subscribers[0].config.producer_config', 'producer_config is ignored on a subscriber'],
        [
          '$.publishers[0].config.producer_config.linger_ms',
          'linger_ms is ignored: our Kafka client does not take it',
        ],
        [
          '$.publishers[0].config.confluent_config["compression.type"]',
          'compression.type is ignored: our Kafka client does not take it',
        ],
      ]),
    );
    expect(warnings).toHaveLength(6);
  });

  it('refuse brokers or a group given twice, and settings of the wrong kind', () => {
    expect(
      problems(
        original(
          {
            source: 'kafka://topic/t',
            bootstrap_servers: 'a:1',
            brokers: ['b:1'],
            group_id: 'g',
            consumer_config: { group_id: 'h' },
          },
          {
            destination: 'kafka://topic/u',
            bootstrap_servers: 7,
            producer_config: { acks: 'some' },
          },
        ),
      ),
    ).toEqual([
      [
        '$.publishers[0].config.bootstrap_servers',
        'invalid_value',
        'bootstrap_servers must be "host:port,host:port" or a list of "host:port" strings',
      ],
      [
        '$.publishers[0].config.producer_config.acks',
        'invalid_value',
        'acks must be 0, 1, -1 or "all"',
      ],
      [
        '$.subscribers[0].config.bootstrap_servers',
        'conflicting_keys',
        'bootstrap_servers gives the brokers a second time: keep one place',
      ],
      [
        '$.subscribers[0].config.consumer_config.group_id',
        'conflicting_keys',
        'group_id is given in consumer_config and beside it: keep one',
      ],
    ]);
  });

  it('report a bad broker from bootstrap_servers at its place in the file', () => {
    const long = 'x'.repeat(3000);
    expect(
      problems(original({ source: 'kafka://topic/t', bootstrap_servers: ['a:1', long] })),
    ).toEqual([['$.subscribers[0].config.bootstrap_servers[1]', 'too_long', expect.any(String)]]);
  });
});

describe("settings of the original's adapters that ours has no use for", () => {
  it('are warnings at their places, on any adapter', () => {
    const { warnings } = converted(
      original(
        { source: 'redischannel://prices', resilient: true, retry_delay: 2 },
        {
          destination: 'kafka://topic/u',
          max_queue_depth: 10,
          group_id: 'g',
          auto_reconnect: true,
        },
      ),
    );
    expect(warnings).toEqual([
      [
        '$.publishers[0].config.auto_reconnect',
        'auto_reconnect is ignored: the connection is retried with backoff until the DAG stops',
      ],
      [
        '$.publishers[0].config.max_queue_depth',
        'max_queue_depth is ignored: past max(1000, 10 x batch_size) messages waiting for a publisher, the DAG waits for it',
      ],
      ['$.publishers[0].config.group_id', 'group_id is ignored on a publisher'],
      [
        '$.subscribers[0].config.retry_delay',
        'retry_delay is ignored: the connection is retried with backoff until the DAG stops',
      ],
      [
        '$.subscribers[0].config.resilient',
        'resilient is ignored: the connection is retried with backoff until the DAG stops',
      ],
    ]);
  });
});

describe('ActiveMQ and RabbitMQ URIs of the original', () => {
  it("run over STOMP on the broker's named connection, else the default one", () => {
    const dag = original(
      { source: 'activemq://queue/orders', host: 'mq', port: 61613, username: 'u', password: 'p' },
      { destination: 'rabbitmq://topic/prices', exchange: 'amq.topic', virtual_host: '/' },
    );
    const named = converted(dag, withConnections(['activemq', 'rabbitmq', 'default']));
    expect(named.sub).toMatchObject({ source: 'stomp://queue/orders', connection: 'activemq' });
    expect(named.pub).toMatchObject({
      destination: 'stomp://topic/prices',
      connection: 'rabbitmq',
    });
    const byDefault = converted(dag, withConnections(['default']));
    expect(byDefault.sub).not.toHaveProperty('connection');
    expect(byDefault.pub).not.toHaveProperty('connection');
    expect(byDefault.warnings).toEqual([
      [
        '$.publishers[0].config.exchange',
        'exchange is ignored: over STOMP a queue is /queue/NAME and a topic is /topic/NAME (RabbitMQ: amq.topic, routing key NAME)',
      ],
      ['$.publishers[0].config.virtual_host', expect.stringContaining('virtual_host is ignored')],
      [
        '$.subscribers[0].config.host',
        'host is ignored: the broker\'s address and login come from the STOMP connection "default" (FLOW_CONNECTIONS)',
      ],
      ['$.subscribers[0].config.port', expect.stringContaining('port is ignored')],
      ['$.subscribers[0].config.username', expect.stringContaining('username is ignored')],
      ['$.subscribers[0].config.password', expect.stringContaining('password is ignored')],
    ]);
    // Where the server's connections are not known (the designer), the broker's name is kept.
    expect(converted(dag).sub).toMatchObject({ connection: 'activemq' });
  });

  it('say which FLOW_CONNECTIONS entry to add when there is no STOMP connection', () => {
    expect(problems(original({ source: 'rabbitmq://queue/q' }), withConnections([]))).toEqual([
      [
        '$.subscribers[0].config.source',
        'connection_required',
        'rabbitmq://queue/q needs a STOMP connection: add "rabbitmq" (or "default") under "stomp" in ' +
          'FLOW_CONNECTIONS, e.g. {"stomp": {"rabbitmq": {"url": "stomp://user:password@host:61613"}}}',
      ],
    ]);
  });

  it('refuse a URI without queue or topic', () => {
    expect(problems(original({ source: 'activemq://orders' }))).toEqual([
      [
        '$.subscribers[0].config.source',
        'invalid_value',
        'must be activemq://queue/NAME or activemq://topic/NAME',
      ],
    ]);
  });
});

describe('fanin of the original', () => {
  const feeds = [
    { name: 'a', config: { source: 'mem://queue/a' } },
    { name: 'b', config: { source: 'inmemory://b_queue' } },
  ];

  it('reads other subscribers of the DAG by name', () => {
    expect(converted(original({ source: 'fanin://a, b' }, undefined, feeds)).sub.source).toBe(
      'fanin://a,b',
    );
    expect(converted(original({ source: 'composite://b,a' }, undefined, feeds)).sub.source).toBe(
      'fanin://b,a',
    );
  });

  it('refuses what it cannot read: unknown names, itself, another fanin, a name twice', () => {
    const more = [...feeds, { name: 'c', config: { source: 'fanin://a' } }];
    expect(problems(original({ source: 'fanin://a,zz,in,c,a' }, undefined, more))).toEqual([
      [
        '$.subscribers[0].config.source',
        'unknown_reference',
        'reads subscriber "zz", which is not defined under subscribers',
      ],
      ['$.subscribers[0].config.source', 'invalid_value', 'names itself'],
      [
        '$.subscribers[0].config.source',
        'invalid_value',
        'reads "c", which is a fanin too: name its sources directly',
      ],
      ['$.subscribers[0].config.source', 'invalid_value', 'names "a" twice'],
    ]);
    expect(problems(original({ source: 'fanin://' }, undefined, feeds))).toEqual([
      [
        '$.subscribers[0].config.source',
        'invalid_value',
        'must be fanin://NAME,NAME,... naming subscribers of this DAG, got "fanin://"',
      ],
    ]);
  });
});
