import { calculatorConfigSchemas, transformerConfigSchemas } from './components';
import { isRecord, type Parsed } from './config-walk';
import { quoteValue } from './limits';
import { originalBuiltinConfig } from './original-format-builtins';
import { convertOriginalWindow } from './original-format-windows';
import {
  aliasTarget,
  applyOriginalDefaults,
  convertPname,
  type ComponentAliases,
} from './original-format-nodes';
import {
  convertPublisherSpec,
  convertSubscriberSpec,
  type AdapterConversion,
  type ConnectionNames,
} from './original-format-adapters';
import { convertMetronomeNode, convertMetronomeSubscriber } from './original-format-metronome';
import { unsupportedFeatures } from './original-format-unsupported';
import { warningAt, type PathSegments, type ProblemCode, type Warning } from './problems';

/**
 * The file format of the original system (DishtaYantra), converted into ours before validation
 * (issue 15). Recognized by its markers: an edge with `from_node`/`to_node`, or a node carrying
 * its components beside `config` (`"calculator": "c"` on the node). A config in our format has
 * neither and is never touched. Every problem and warning names its place in the ORIGINAL file;
 * `toOriginal` maps a path of the converted config back to it.
 */

/** A problem found while converting, at its place in the original file. */
export interface ConversionProblem {
  readonly segments: PathSegments;
  readonly code: ProblemCode;
  readonly message: string;
}

export interface Conversion {
  /** The config in our format (a new object; the original is not changed). */
  readonly value: Parsed;
  readonly warnings: Warning[];
  readonly problems: ConversionProblem[];
  /** A place in the converted config as the place in the original file it came from. */
  toOriginal(segments: readonly PropertyKey[]): PropertyKey[];
}

/** Node keys of the original that name the node's components; ours keeps them in `config`. */
const NODE_COMPONENT_KEYS = [
  'subscriber',
  'calculator',
  'publishers',
  'input_transformers',
  'output_transformers',
] as const;

/** Edge keys of the original and ours. */
const EDGE_KEYS = [
  ['from_node', 'from'],
  ['to_node', 'to'],
  ['data_transformer', 'transformer'],
] as const;

/** Keys of the original we do not implement: accepted with a warning, then left out. */
const IGNORED_KEYS: Readonly<Record<string, string>> = {
  autoclone: 'cloning a DAG is not implemented',
  worker_affinity: 'DAGs are not pinned to workers',
  priority: 'DAGs have no priority',
  dag_cpu_weight: 'DAGs have no CPU weight',
  version: 'the config version is not used',
  kafka_library: 'one Kafka client is built in',
  comment: 'a comment',
  metadata: 'metadata is not used',
};

/** Why a key of the original is ignored, or undefined when it is not one we ignore. */
export function ignoredKeyReason(key: string): string | undefined {
  // The original reads no key starting with "_": its files use them for comments and notes.
  if (key.startsWith('_')) return 'a comment';
  return Object.hasOwn(IGNORED_KEYS, key) ? IGNORED_KEYS[key] : undefined;
}

/** Built-ins of the original by dotted path: `core.calculator.<module>.<OurName>` and alike. */
const DOTTED_BUILTINS = {
  calculators: { prefix: 'core.calculator.', names: calculatorConfigSchemas },
  transformers: { prefix: 'core.transformer.', names: transformerConfigSchemas },
} as const;

/** Top-level keys of the original that ours never had: a file with one is the original's. */
const ORIGINAL_ONLY_KEYS = ['autoclone', 'worker_affinity', 'dag_cpu_weight'];

/** Our built-in a type names: ours itself, or the original's dotted path of it (a plugin's alias cannot take it). */
export function builtinOf(
  section: 'calculators' | 'transformers',
  type: string,
): string | undefined {
  const { prefix, names } = DOTTED_BUILTINS[section];
  const last = type.slice(type.lastIndexOf('.') + 1);
  if (!Object.hasOwn(names, last)) return undefined;
  return type === last || type.startsWith(prefix) ? last : undefined;
}

/**
 * Whether a config is in the original format: an edge or a node uses the original's keys, its
 * window has a `duration` or a null end or start, or it has
 * a key only the original has (`autoclone`, ...). Ours refuses all of these, so nothing of ours
 * is read differently.
 */
export function isOriginalFormat(dag: Parsed): boolean {
  const list = (key: string): Parsed[] => {
    const v = dag[key];
    return Array.isArray(v) ? v.filter(isRecord) : [];
  };
  return (
    Object.hasOwn(dag, 'duration') ||
    ORIGINAL_ONLY_KEYS.some((k) => Object.hasOwn(dag, k)) ||
    // The original's windows: an end or a start given as null.
    dag.start_time === null ||
    dag.end_time === null ||
    list('edges').some((e) => Object.hasOwn(e, 'from_node') || Object.hasOwn(e, 'to_node')) ||
    list('nodes').some((n) => NODE_COMPONENT_KEYS.some((k) => Object.hasOwn(n, k)))
  );
}

/**
 * Converts a config of the original format into ours. `knownTypes` are the calculator and
 * transformer types the validator accepts (a plugin may be registered under a dotted name).
 */
export function convertOriginalFormat(
  dag: Parsed,
  knownTypes: {
    calculators: Readonly<Record<string, unknown>>;
    transformers: Readonly<Record<string, unknown>>;
    aliases?: ComponentAliases;
    connections?: ConnectionNames | undefined;
  },
): Conversion {
  const warnings: Warning[] = [];
  const problems: ConversionProblem[] = [];
  /** Renamed places: converted path (as a key) -> original segments. */
  const renames = new Map<string, PropertyKey[]>();
  const rename = (to: readonly PropertyKey[], from: readonly PropertyKey[]) =>
    renames.set(pathKey(to), [...from]);
  const refuse = (segments: readonly PropertyKey[], code: ProblemCode, message: string) =>
    problems.push({ segments: plain(segments), code, message });

  /** A copy of an object without the keys we ignore, each warned about at its place. */
  const strip = (obj: Parsed, at: readonly PropertyKey[]): Parsed => {
    const out: Parsed = {};
    for (const [key, v] of Object.entries(obj)) {
      const reason = ignoredKeyReason(key);
      if (reason === undefined) out[key] = v;
      else warnings.push(warningAt([...at, key], 'not_supported', `${key} is ignored: ${reason}`));
    }
    return out;
  };
  const out = strip(dag, []);
  convertOriginalWindow(out, {
    warn: (at, message) => warnings.push(warningAt(at, 'not_supported', message)),
    refuse,
    rename,
  });
  applyOriginalDefaults(out);
  /** A component spec whose config is stripped of the keys we ignore too. */
  const withStrippedConfig = (spec: Parsed, at: readonly PropertyKey[]): Parsed =>
    isRecord(spec.config) ? { ...spec, config: strip(spec.config, [...at, 'config']) } : spec;
  const mapList = (
    key: string,
    each: (item: Parsed, at: PropertyKey[]) => Parsed,
  ): unknown[] | undefined => {
    const v = out[key];
    if (!Array.isArray(v)) return undefined;
    return v.map((item, i) => (isRecord(item) ? each(strip(item, [key, i]), [key, i]) : item));
  };

  for (const section of ['calculators', 'transformers'] as const) {
    const kind = section === 'calculators' ? 'calculator' : 'transformer';
    const builtin = (type: string) => builtinOf(section, type);
    const list = mapList(section, (item, at) => {
      const spec = withStrippedConfig(item, at);
      // The original's default type when none is given.
      if (!Object.hasOwn(spec, 'type'))
        spec.type = section === 'calculators' ? 'NullCalculator' : 'NullDataTransformer';
      if (typeof spec.type !== 'string') return spec;
      const type = spec.type;
      const ours = builtin(type);
      if (ours !== undefined) {
        if (isRecord(spec.config) && Object.hasOwn(spec.config, 'description')) {
          const { description: _description, ...config } = spec.config;
          spec.config = config;
          warnings.push(
            warningAt(
              [...at, 'config', 'description'],
              'not_supported',
              `description is ignored in a ${kind}'s config: give it beside "config" instead`,
            ),
          );
        }
        // What the original reads of the config, with its defaults (`config` too may be left out).
        const config = spec.config === undefined ? {} : spec.config;
        if (isRecord(config))
          spec.config = originalBuiltinConfig(ours, config, (key, message) =>
            warnings.push(warningAt([...at, 'config', key], 'not_supported', message)),
          );
        // The original's RandomCalculator counts its calculations in "counter" too.
        if (
          ours === 'RandomCalculator' &&
          isRecord(spec.config) &&
          !('counter_attribute' in spec.config)
        )
          spec.config = { ...spec.config, counter_attribute: 'counter' };
        return { ...spec, type: ours };
      }
      const plugin = aliasTarget(knownTypes.aliases, section, type);
      if (plugin !== undefined) return { ...spec, type: plugin };
      if (type.includes('.') && !Object.hasOwn(knownTypes[section], type))
        refuse(
          [...at, 'type'],
          'unsupported_feature',
          `${quoteValue(type)} is a Python ${kind} of the original system and cannot run here: port it ` +
            `as a plugin ${kind} (a JavaScript module in the server's plugin folder exporting ` +
            `its type name, config schema and factory; SPEC section 6) and set "type" to the ` +
            `plugin's name, or let the plugin declare "aliases": [${quoteValue(type)}] to keep this file as it is`,
        );
      return spec;
    });
    if (list) out[section] = list;
  }

  const adapters: AdapterConversion = {
    warn: (segments, message) => warnings.push(warningAt(segments, 'not_supported', message)),
    refuse,
    rename,
    connections: knownTypes.connections,
  };
  const publishers = mapList('publishers', (item, at) =>
    convertPublisherSpec(withStrippedConfig(item, at), at, adapters),
  );
  if (publishers) out.publishers = publishers;
  const subscribers = mapList('subscribers', (item, at) => {
    const spec = convertSubscriberSpec(withStrippedConfig(item, at), at, adapters);
    if (!isRecord(spec.config) || spec.config.source !== 'metronome') return spec;
    return {
      ...spec,
      config: convertMetronomeSubscriber(spec.config, [...at, 'config'], adapters),
    };
  });
  if (subscribers) out.subscribers = subscribers;

  const nodes = mapList('nodes', (item, at) => {
    // The original's default node type when none is given.
    const node = Object.hasOwn(item, 'type') ? item : { ...item, type: 'CalculationNode' };
    const config: Parsed = isRecord(node.config) ? strip(node.config, [...at, 'config']) : {};
    const result: Parsed = {};
    for (const [key, v] of Object.entries(node)) {
      if (key === 'publisher' && !Object.hasOwn(node, 'publishers')) {
        refuse(
          [...at, key],
          'unknown_key',
          'publisher is not read by the original system either (a node takes "publishers", a ' +
            `list): write "publishers": [${quoteValue(v)}]`,
        );
      } else if (!(NODE_COMPONENT_KEYS as readonly string[]).includes(key)) {
        result[key] = v;
      } else if (Object.hasOwn(config, key)) {
        refuse(
          [...at, key],
          'conflicting_keys',
          `${key} is given both on the node and in its config: keep one`,
        );
      } else {
        config[key] = v;
        rename([...at, 'config', key], [...at, key]);
      }
    }
    // A node without config has an empty one in the original.
    if (node.config === undefined || isRecord(node.config) || Object.keys(config).length > 0)
      result.config =
        node.type === 'MetronomeNode'
          ? convertMetronomeNode(config, [...at, 'config'], adapters, node)
          : config;
    return result;
  });
  if (nodes) out.nodes = nodes;

  const edges = mapList('edges', (edge, at) => {
    const result: Parsed = {};
    for (const [key, v] of Object.entries(edge)) {
      const pair = EDGE_KEYS.find(([original]) => original === key);
      if (key === 'pname') {
        const pname = convertPname(v, [...at, key], warnings);
        if (pname !== undefined) result.pname = pname;
      } else if (pair === undefined) {
        if (!Object.hasOwn(result, key)) result[key] = v;
      } else if (Object.hasOwn(edge, pair[1])) {
        refuse(
          [...at, key],
          'conflicting_keys',
          `${key} and ${pair[1]} are both given: keep one (${pair[1]} is the same as ${key})`,
        );
      } else {
        result[pair[1]] = v;
        rename([...at, pair[1]], [...at, key]);
      }
    }
    return result;
  });
  if (edges) out.edges = edges;

  // A feature we do not build is one problem naming it, instead of any other at its place.
  const unsupported = unsupportedFeatures(dag, knownTypes);
  const named = new Set(unsupported.map((p) => pathKey(p.segments)));
  return {
    value: out,
    warnings,
    problems: [...problems.filter((p) => !named.has(pathKey(p.segments))), ...unsupported],
    toOriginal(segments) {
      for (let n = segments.length; n > 0; n--) {
        const original = renames.get(pathKey(segments.slice(0, n)));
        if (original) return [...original, ...segments.slice(n)];
      }
      return [...segments];
    },
  };
}

function plain(segments: readonly PropertyKey[]): (string | number)[] {
  return segments.map((s) => (typeof s === 'number' ? s : String(s)));
}

function pathKey(segments: readonly PropertyKey[]): string {
  return JSON.stringify(plain(segments));
}
