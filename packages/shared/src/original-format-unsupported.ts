import { uriScheme } from './components';
import { isRecord, type Parsed } from './config-walk';
import { quoteValue } from './limits';
import type { ConversionProblem } from './original-format';

/**
 * What the original system (DishtaYantra) has and we do not build (issue 15), named plainly:
 * its transports of other services, its Java/C++/Rust/WebAssembly/REST/Arrow/LMDB calculators,
 * its Python node classes and its subgraphs. Each is one `unsupported_feature` problem at its
 * place in the ORIGINAL file, naming the feature; the conversion drops any other problem it
 * found at that same place, and the validator reports nothing below it.
 */

/** Transport URI schemes of the original that are not built here, with the service each is. */
const TRANSPORTS: Readonly<Record<string, string>> = {
  s3: 'Amazon S3',
  sqs: 'Amazon SQS',
  sns: 'Amazon SNS',
  kinesis: 'Amazon Kinesis',
  azureblob: 'Azure Blob Storage',
  servicebus: 'Azure Service Bus',
  eventhubs: 'Azure Event Hubs',
  gcs: 'Google Cloud Storage',
  grpc: 'a gRPC stream',
  tibcoems: 'TIBCO EMS',
  websphere: 'IBM WebSphere MQ',
  aerospike: 'Aerospike',
  lmdb: 'the LMDB zero-copy transport',
  ashredis: 'AshRedis keys',
  ashredischannel: 'an AshRedis channel',
  inmemoryredis: "the original's in-memory Redis keys",
  inmemoryredischannel: "the original's in-memory Redis channel",
  router: "the original's message router",
  rest: 'a REST/HTTP endpoint',
  http: 'a REST/HTTP endpoint',
  https: 'a REST/HTTP endpoint',
};

const JAVA = 'a Java calculator, run through Py4J';
const CPP = 'a C++ calculator, loaded through pybind11';
const RUST = 'a Rust calculator, loaded through PyO3';
const WASM = 'a WebAssembly calculator, run in wasmtime';
const REST = 'a REST calculator, an HTTP service called per message';
const PYTHON = 'a Python calculator class';
const ARROW = 'an Apache Arrow (columnar batch) calculator';

/** Calculator kinds of the original by their `type` keyword (its CalculatorFactory's). */
const CALCULATOR_KINDS: Readonly<Record<string, string>> = {
  java: JAVA,
  cpp: CPP,
  rust: RUST,
  wasm: WASM,
  rest: REST,
  custom: PYTHON,
  python: PYTHON,
  pythoncalculator: PYTHON,
};

/** The original's own modules of those kinds, by dotted prefix of a calculator or transformer type. */
const NATIVE_MODULES: readonly (readonly [string, string])[] = [
  ['core.calculator.java_calculator.', JAVA],
  ['core.calculator.java_gateway_pool.', JAVA],
  ['core.jvm.', JAVA],
  ['core.calculator.cpp_calculator.', CPP],
  ['core.cpp.', CPP],
  ['core.calculator.rust_calculator.', RUST],
  ['core.rust.', RUST],
  ['core.calculator.wasm_calculator.', WASM],
  ['core.calculator.rest_calculator.', REST],
  ['core.calculator.rest_calculator_async.', REST],
  ['core.calculator.arrow_calculator.', ARROW],
  ['core.calculator.native_arrow.', ARROW],
  ['core.transformer.arrow_transformer.', 'an Apache Arrow (columnar batch) transformer'],
  ['core.lmdb.', 'an LMDB zero-copy calculator'],
];

/** Config keys that make the original's factory load a native calculator whatever its type. */
const NATIVE_CONFIG_KEYS: readonly (readonly [string, string])[] = [
  ['java_class', JAVA],
  ['cpp_class', CPP],
  ['rust_class', RUST],
  ['python_class', PYTHON],
];

/**
 * Node types of another, older schema seen in the original's example files, which its
 * ComputeGraph cannot load: each with the node type that does what it names.
 */
const SCHEMA_NODE_TYPES: Readonly<Record<string, string>> = {
  source: 'SubscriptionNode',
  subscriber: 'SubscriptionNode',
  calculator: 'CalculationNode',
  publisher: 'PublicationNode',
  sink: 'PublicationNode (publishing) or SinkNode',
};

const PORT_HINT = (kind: string) =>
  `port it as a plugin ${kind} (a JavaScript module in the server's plugin folder exporting its ` +
  `type name, config schema and factory; SPEC section 6) and set "type" to the plugin's name`;

/**
 * The unsupported features of a config in the original format. `knownTypes` are the calculator
 * and transformer types the validator accepts: a plugin registered under a type is not refused.
 */
export function unsupportedFeatures(
  dag: Parsed,
  knownTypes: {
    calculators: Readonly<Record<string, unknown>>;
    transformers: Readonly<Record<string, unknown>>;
  },
): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const refuse = (segments: (string | number)[], message: string) =>
    problems.push({ segments, code: 'unsupported_feature', message });
  const each = (key: string, visit: (item: Parsed, at: (string | number)[]) => void) => {
    const list = dag[key];
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (isRecord(item)) visit(item, [key, i]);
    });
  };

  for (const [section, uriKey, role] of [
    ['subscribers', 'source', 'subscriber'],
    ['publishers', 'destination', 'publisher'],
  ] as const) {
    each(section, (item, at) => {
      const config = item.config;
      if (!isRecord(config) || typeof config[uriKey] !== 'string') return;
      const uri = config[uriKey];
      const scheme = uriScheme(uri).toLowerCase();
      if (uri.includes('://') && Object.hasOwn(TRANSPORTS, scheme)) {
        refuse(
          [...at, 'config', uriKey],
          // The scheme only: a URI of another transport may carry a login (user:password@host).
          `${scheme}:// (${TRANSPORTS[scheme]}) is a transport of the original system ` +
            `that is not built here: use one of ours (mem, file, kafka, redis, redischannel, ` +
            `sql, stomp) or bring it in as a plugin ${role} (custom://TYPE)`,
        );
      } else if (
        scheme === 'custom' &&
        (Object.hasOwn(config, 'delegate_module') || Object.hasOwn(config, 'delegate_class'))
      ) {
        refuse(
          [...at, 'config'],
          `a custom:// adapter with delegate_module/delegate_class names a Python delegate ` +
            `of the original system, which cannot run here: port it as a plugin ${role} ` +
            `(custom://TYPE, SPEC section 6)`,
        );
      }
    });
  }

  for (const [section, kind] of [
    ['calculators', 'calculator'],
    ['transformers', 'transformer'],
  ] as const) {
    each(section, (item, at) => {
      if (typeof item.type !== 'string' || Object.hasOwn(knownTypes[section], item.type)) return;
      const type = item.type;
      const config = isRecord(item.config) ? item.config : {};
      const feature =
        (kind === 'calculator' && Object.hasOwn(CALCULATOR_KINDS, type.toLowerCase())
          ? CALCULATOR_KINDS[type.toLowerCase()]
          : undefined) ??
        NATIVE_MODULES.find(([prefix]) => type.startsWith(prefix))?.[1] ??
        (kind === 'calculator'
          ? NATIVE_CONFIG_KEYS.find(([key]) => Object.hasOwn(config, key))?.[1]
          : undefined);
      if (feature !== undefined)
        refuse(
          [...at, 'type'],
          `${quoteValue(type)} (${feature}) is a ${kind} of the original system that is not ` +
            `built here: ${PORT_HINT(kind)}`,
        );
    });
  }

  each('nodes', (node, at) => {
    if (typeof node.type !== 'string') return;
    const type = node.type;
    if (type === 'SubgraphNode') {
      refuse(
        at,
        'a SubgraphNode (a DAG embedded as one node, a subgraph of the original system) is not ' +
          'built here: put its nodes and edges into this DAG, or run it as a DAG of its own ' +
          'connected through a queue (mem://queue/NAME)',
      );
    } else if (/^(Arrow|Batching|Flattening)[A-Za-z]*Node$/.test(type)) {
      const kind = type.startsWith('Arrow')
        ? 'an Apache Arrow columnar batch node'
        : 'a node passing many messages as one batch';
      refuse(
        [...at, 'type'],
        `${quoteValue(type)} (${kind}) is a node type of the original system that is not ` +
          'built here: use a SubscriptionNode, CalculationNode or PublicationNode, which pass ' +
          'one message at a time',
      );
    } else if (Object.hasOwn(SCHEMA_NODE_TYPES, type)) {
      refuse(
        [...at, 'type'],
        `${quoteValue(type)} is not a node type the original system builds either (its ` +
          `ComputeGraph takes node class names): use ${SCHEMA_NODE_TYPES[type]}`,
      );
    } else if (type.includes('.')) {
      refuse(
        [...at, 'type'],
        `${quoteValue(type)} is a Python node class of the original system and cannot run ` +
          'here: use one of our node types and move its logic into a plugin calculator ' +
          '(SPEC section 6)',
      );
    }
  });

  for (const key of ['subgraphs', 'subgraph_supervisor']) {
    if (Object.hasOwn(dag, key))
      refuse(
        [key],
        `${key} configures subgraphs of the original system, which are not built here: put ` +
          'their nodes and edges into this DAG, or run each as a DAG of its own',
      );
  }
  return problems;
}
