import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from './problems';
import { builtinCatalog, validateDag, type ComponentCatalog } from './validate';

/** A small DAG as the original system writes it: file in, one calculator, file out. */
function original(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'probe',
    subscribers: [{ name: 'in', config: { source: 'file:input.jsonl' } }],
    publishers: [{ name: 'out', config: { destination: 'file:out.jsonl' } }],
    calculators: [
      {
        name: 'add',
        type: 'AdditionCalculator',
        config: { arguments: ['a', 'b'], output_attribute: 'sum' },
      },
    ],
    transformers: [],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
      { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'src', to_node: 'calc' },
      { from_node: 'calc', to_node: 'sink' },
    ],
    ...patch,
  };
}

/** The problems of a config that must be refused. */
function problemsOf(config: unknown, catalog: ComponentCatalog = builtinCatalog): Problem[] {
  const result = validateDag(config, catalog);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

/** The single problem of a config, which must be an unsupported feature at `path`. */
function onlyProblem(config: unknown, path: string): string {
  const problems = problemsOf(config);
  expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([`${path} unsupported_feature`]);
  return problems[0]?.message ?? '';
}

describe("the original system's features we do not build", () => {
  it.each([
    ['azureblob://container/prefix', 'Azure Blob Storage', { connection_string: 'x' }],
    ['s3://bucket/prefix', 'Amazon S3', { region: 'us-east-1', delete_on_read: true }],
    ['gcs://bucket/prefix', 'Google Cloud Storage', { credentials_file: '/k.json' }],
    ['sqs://orders', 'Amazon SQS', { region: 'us-east-1', wait_time_seconds: 5 }],
    ['kinesis://ticks', 'Amazon Kinesis', { iterator_type: 'LATEST' }],
    ['servicebus://topic/ticks/risk', 'Azure Service Bus', { connection_string: 'x' }],
    ['eventhubs://hub', 'Azure Event Hubs', { consumer_group: '$Default' }],
    ['lmdb://shared_channel', 'LMDB', {}],
    ['grpc://localhost:50051/stream', 'gRPC', { use_ssl: false }],
    ['tibcoems://queue/orders', 'TIBCO EMS', { server_url: 'tcp://ems:7222' }],
    ['websphere://queue/orders', 'IBM WebSphere MQ', { queue_manager: 'QM1' }],
    ['inmemoryredischannel://ticks', 'in-memory Redis', {}],
    ['ashredischannel://ticks', 'AshRedis', { host: 'h', port: 6379 }],
    ['rest://prices', 'REST/HTTP', { url: 'http://x' }],
  ])('a subscriber on %s (%s) is one problem naming it', (source, service, extra) => {
    const message = onlyProblem(
      original({ subscribers: [{ name: 'in', config: { source, ...extra } }] }),
      '$.subscribers[0].config.source',
    );
    // Its scheme, not the URI: another transport's URI may carry a login.
    expect(message).toContain(`${source.slice(0, source.indexOf('://'))}:// (`);
    expect(message).toContain(service);
    expect(message).toContain('is a transport of the original system that is not built here');
  });

  it.each([
    ['sns://alerts', 'Amazon SNS'],
    ['aerospike://ns/set', 'Aerospike'],
    ['ashredis://sensor_data', 'AshRedis'],
    ['inmemoryredis://cache', 'in-memory Redis'],
  ])('a publisher to %s (%s) is one problem naming it', (destination, service) => {
    const message = onlyProblem(
      original({ publishers: [{ name: 'out', config: { destination } }] }),
      '$.publishers[0].config.destination',
    );
    expect(message).toContain(service);
    expect(message).toContain('plugin publisher (custom://TYPE)');
  });

  it('a custom:// adapter with a Python delegate is one problem', () => {
    const config = { source: 'custom://feed', delegate_module: 'my.mod', delegate_class: 'Feed' };
    const message = onlyProblem(
      original({ subscribers: [{ name: 'in', config }] }),
      '$.subscribers[0].config',
    );
    expect(message).toContain('Python delegate');
  });

  it.each([
    ['java', { java_class: 'com.x.Pricing' }, 'Java'],
    ['cpp', { cpp_class: 'MathCalculator', cpp_module: 'dishtayantra_cpp' }, 'C++'],
    ['rust', { rust_class: 'MathCalculator' }, 'Rust'],
    ['rest', { endpoint: 'http://calc' }, 'REST'],
    ['core.calculator.java_calculator.JavaCalculator', { java_class: 'com.x.P' }, 'Java'],
    ['core.calculator.cpp_calculator.CppCalculator', {}, 'C++'],
    ['core.calculator.rust_calculator.RustCalculator', {}, 'Rust'],
    ['core.calculator.wasm_calculator.WasmCalculator', { module_path: 'a.wat' }, 'WebAssembly'],
    ['core.calculator.rest_calculator_async.AsyncRestCalculator', {}, 'REST'],
    ['core.calculator.arrow_calculator.ArrowCalculator', {}, 'Apache Arrow'],
    ['core.lmdb.lmdb_calculator.LMDBCalculator', {}, 'LMDB'],
    ['SomeName', { rust_class: 'R' }, 'Rust'],
    ['PythonCalculator', { module: 'calculators.pricing', class: 'Price' }, 'Python'],
  ])('a calculator of type %s is one problem naming the feature', (type, config, feature) => {
    const message = onlyProblem(
      original({ calculators: [{ name: 'add', type, config }] }),
      '$.calculators[0].type',
    );
    expect(message).toContain(`"${type}"`);
    expect(message).toContain(feature);
    expect(message).toContain('port it as a plugin calculator');
  });

  it('an Arrow transformer of the original is one problem naming Arrow', () => {
    const transformers = [
      { name: 't', type: 'core.transformer.arrow_transformer.RowsToBatch', config: {} },
    ];
    const edges = [
      { from_node: 'src', to_node: 'calc', data_transformer: 't' },
      { from_node: 'calc', to_node: 'sink' },
    ];
    const message = onlyProblem(original({ transformers, edges }), '$.transformers[0].type');
    expect(message).toContain('Apache Arrow');
  });

  it('a plugin registered under the dotted name is not refused', () => {
    const type = 'core.calculator.cpp_calculator.CppCalculator';
    const catalog: ComponentCatalog = {
      ...builtinCatalog,
      calculators: { ...builtinCatalog.calculators, [type]: z.looseObject({}) },
    };
    const result = validateDag(
      original({ calculators: [{ name: 'add', type, config: {} }] }),
      catalog,
    );
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([]);
  });

  it('a SubgraphNode is one problem at the node, whatever it holds', () => {
    const nodes = [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
      {
        name: 'calc',
        type: 'SubgraphNode',
        config: { subgraph_file: 'risk.json', execution_mode: 'inline' },
        subgraph: { nodes: [], edges: [] },
      },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ];
    const message = onlyProblem(original({ nodes, calculators: [] }), '$.nodes[1]');
    expect(message).toContain('SubgraphNode');
    expect(message).toContain('subgraph');
  });

  it('subgraph settings of the DAG are one problem each', () => {
    const problems = problemsOf(original({ subgraph_supervisor: { max_active: 2 } }));
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '$.subgraph_supervisor unsupported_feature',
    ]);
  });

  it('batching nodes of the original are one problem each at their type', () => {
    const nodes = [
      { name: 'src', type: 'BatchingSubscriptionNode', subscriber: 'in', config: {} },
      { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
      { name: 'sink', type: 'FlatteningPublicationNode', config: { publishers: ['out'] } },
    ];
    const problems = problemsOf(original({ nodes }));
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '$.nodes[0].type unsupported_feature',
      '$.nodes[2].type unsupported_feature',
    ]);
    expect(problems[0]?.message).toContain('many messages as one batch');
  });

  it('Arrow nodes and Python node classes are one problem each at their type', () => {
    const nodes = [
      {
        name: 'src',
        type: 'perftest.arrow_trade_nodes.NormalizingArrowBatchingSubscriptionNode',
        subscriber: 'in',
        config: { batch: { max_size: 5000 } },
      },
      { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
      { name: 'sink', type: 'ArrowFlatteningPublicationNode', config: { publishers: ['out'] } },
    ];
    const problems = problemsOf(original({ nodes }));
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '$.nodes[0].type unsupported_feature',
      '$.nodes[2].type unsupported_feature',
    ]);
    expect(problems[0]?.message).toContain('Python node class');
    expect(problems[1]?.message).toContain('Apache Arrow');
  });

  it('a node type of the older schema in its examples names the node type to use', () => {
    const nodes = [
      { name: 'src', type: 'source', subscriber: 'in', config: {} },
      { name: 'calc', type: 'calculator', calculator: 'add', config: {} },
      { name: 'sink', type: 'sink', publishers: ['out'], config: {} },
    ];
    const problems = problemsOf(original({ nodes }));
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '$.nodes[0].type unsupported_feature',
      '$.nodes[1].type unsupported_feature',
      '$.nodes[2].type unsupported_feature',
    ]);
    expect(problems[0]?.message).toBe(
      '"source" is not a node type the original system builds either (its ComputeGraph takes ' +
        'node class names): use SubscriptionNode',
    );
    expect(problems[1]?.message).toContain('use CalculationNode');
  });

  it('lists every unsupported feature of one file, and nothing for what we build', () => {
    const problems = problemsOf(
      original({
        subscribers: [{ name: 'in', config: { source: 'sqs://orders' } }],
        publishers: [{ name: 'out', config: { destination: 'sns://alerts' } }],
        calculators: [{ name: 'add', type: 'java', config: { java_class: 'x.Y' } }],
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      '$.subscribers[0].config.source',
      '$.publishers[0].config.destination',
      '$.calculators[0].type',
    ]);
    expect(validateDag(original()).ok).toBe(true);
  });
});
