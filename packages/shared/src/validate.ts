import type { z } from 'zod';
import {
  calculatorConfigSchemas,
  publisherConfigSchemas,
  subscriberConfigSchemas,
  transformerConfigSchemas,
  uriScheme,
} from './components';
import { dagSchema, nodeTypes, type Dag } from './dag-schema';
import { topologicalOrder } from './graph';
import { NAME_PATTERN } from './names';
import { jsonPath, type Problem, type ProblemCode } from './problems';
import { isValidTimeZone } from './time-window';

/** Every component type a validator accepts, with its config schema: built-ins plus plugins. */
export interface ComponentCatalog {
  readonly calculators: Readonly<Record<string, z.ZodType>>;
  readonly transformers: Readonly<Record<string, z.ZodType>>;
  /** Subscriber config schemas by URI scheme. */
  readonly subscribers: Readonly<Record<string, z.ZodType>>;
  /** Publisher config schemas by URI scheme. */
  readonly publishers: Readonly<Record<string, z.ZodType>>;
  /** Plugin subscribers (`custom://NAME`): the schema of their `options`. */
  readonly customSubscribers: Readonly<Record<string, z.ZodType>>;
  /** Plugin publishers (`custom://NAME`): the schema of their `options`. */
  readonly customPublishers: Readonly<Record<string, z.ZodType>>;
}

export const builtinCatalog: ComponentCatalog = {
  calculators: calculatorConfigSchemas,
  transformers: transformerConfigSchemas,
  subscribers: subscriberConfigSchemas,
  publishers: publisherConfigSchemas,
  customSubscribers: {},
  customPublishers: {},
};

export type ValidationResult =
  { readonly ok: true; readonly dag: Dag } | { readonly ok: false; readonly problems: Problem[] };

/** Parses JSON text and validates it; a syntax error is reported as a problem at `$`. */
export function validateDagJson(
  text: string,
  catalog: ComponentCatalog = builtinCatalog,
): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [{ path: '$', code: 'invalid_json', message: `not valid JSON: ${reason}` }],
    };
  }
  return validateDag(value, catalog);
}

/**
 * Validates a parsed JSON value as a DAG config and returns the typed DAG (defaults applied,
 * component configs parsed), or every problem found, each with its JSON path.
 */
export function validateDag(
  value: unknown,
  catalog: ComponentCatalog = builtinCatalog,
): ValidationResult {
  const problems: Problem[] = [];
  const add = (segments: readonly PropertyKey[], code: ProblemCode, message: string) =>
    problems.push({ path: jsonPath(segments), code, message });

  if (!isRecord(value)) {
    add([], 'invalid_type', `a DAG config must be a JSON object, not ${describe(value)}`);
    return { ok: false, problems };
  }
  const parsed = dagSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const p of fromZodIssue(issue, [], value)) add(p.pathSegments, p.code, p.message);
    }
  }
  const components = checkComponents(value, catalog, add);
  checkGraph(value, add);
  checkWindow(value, add);

  if (problems.length > 0 || !parsed.success)
    return { ok: false, problems: sortProblems(problems) };
  const dag = parsed.data;
  dag.subscribers.forEach((s, i) => (s.config = components.subscribers[i] as typeof s.config));
  dag.publishers.forEach((p, i) => (p.config = components.publishers[i] as typeof p.config));
  dag.calculators.forEach((c, i) => (c.config = components.calculators[i] ?? {}));
  dag.transformers.forEach((t, i) => (t.config = components.transformers[i] ?? {}));
  return { ok: true, dag };
}

type Add = (segments: readonly PropertyKey[], code: ProblemCode, message: string) => void;
type Parsed = Record<string, unknown>;

const sections = ['subscribers', 'publishers', 'calculators', 'transformers', 'nodes'] as const;
type Section = (typeof sections)[number];

function checkComponents(dag: Parsed, catalog: ComponentCatalog, add: Add) {
  const parsed: Record<'subscribers' | 'publishers' | 'calculators' | 'transformers', Parsed[]> = {
    subscribers: [],
    publishers: [],
    calculators: [],
    transformers: [],
  };
  for (const section of sections) {
    const seen = new Map<string, number>();
    items(dag, section).forEach((item, i) => {
      const name = item.name;
      if (typeof name !== 'string') return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else
        add(
          [section, i, 'name'],
          'duplicate_name',
          `"${name}" is already the name of ${section}[${first}]`,
        );
    });
  }
  for (const kind of ['calculators', 'transformers'] as const) {
    const schemas = catalog[kind];
    items(dag, kind).forEach((item, i) => {
      if (typeof item.type !== 'string') return;
      const schema = schemas[item.type];
      if (!schema) {
        const known = Object.keys(schemas);
        add(
          [kind, i, 'type'],
          'unknown_type',
          `unknown ${singular(kind)} type "${item.type}"${suggest(item.type, known)}; known types: ${known.join(', ')}`,
        );
        return;
      }
      if (item.config !== undefined && !isRecord(item.config)) return; // reported by the structural check
      const config = parseConfig(schema, item.config ?? {}, [kind, i, 'config'], add);
      if (config) parsed[kind][i] = config;
    });
  }
  for (const [kind, key, custom] of [
    ['subscribers', 'source', 'customSubscribers'],
    ['publishers', 'destination', 'customPublishers'],
  ] as const) {
    items(dag, kind).forEach((item, i) => {
      if (!isRecord(item.config)) return;
      const uri = item.config[key];
      if (typeof uri !== 'string') return;
      const scheme = uriScheme(uri);
      const schema = catalog[kind][scheme];
      const where = [kind, i, 'config', key];
      if (!schema) {
        const known = Object.keys(catalog[kind]);
        add(
          where,
          'unknown_scheme',
          `"${uri}" has no ${singular(kind)} adapter for "${scheme}"; known: ${known.join(', ')}`,
        );
        return;
      }
      const config = parseConfig(schema, item.config, [kind, i, 'config'], add);
      if (!config) return;
      parsed[kind][i] = config;
      if (typeof config.dead_letter === 'string') {
        const deadScheme = uriScheme(config.dead_letter);
        if (!catalog.publishers[deadScheme] || deadScheme === 'custom') {
          add(
            [kind, i, 'config', 'dead_letter'],
            'unknown_scheme',
            `dead_letter "${config.dead_letter}" has no publisher adapter for "${deadScheme}"; known: ${Object.keys(
              catalog.publishers,
            )
              .filter((k) => k !== 'custom')
              .join(', ')}`,
          );
        }
      }
      if (scheme === 'custom') {
        const type = uri.replace(/^custom:\/\//, '');
        const options = catalog[custom][type];
        if (!options) {
          const known = Object.keys(catalog[custom]);
          add(
            where,
            'unknown_type',
            `no plugin ${singular(kind)} named "${type}"${known.length ? `; plugins: ${known.join(', ')}` : ' is installed'}`,
          );
          return;
        }
        const parsedOptions = parseConfig(
          options,
          config.options ?? {},
          [kind, i, 'config', 'options'],
          add,
        );
        if (parsedOptions) parsed[kind][i] = { ...config, options: parsedOptions };
      }
    });
  }
  return parsed;
}

function checkGraph(dag: Parsed, add: Add): void {
  const names = (section: Section) =>
    new Set(
      items(dag, section).flatMap((item) => (typeof item.name === 'string' ? [item.name] : [])),
    );
  const defined = {
    subscriber: names('subscribers'),
    publisher: names('publishers'),
    calculator: names('calculators'),
    transformer: names('transformers'),
  };
  const nodeType = new Map<string, string>();
  const nodes = items(dag, 'nodes');
  const ref = (
    segments: PropertyKey[],
    owner: string,
    kind: keyof typeof defined,
    value: unknown,
  ) => {
    if (typeof value !== 'string' || !NAME_PATTERN.test(value) || defined[kind].has(value)) return;
    add(
      segments,
      'unknown_reference',
      `${owner} uses ${kind} "${value}", which is not defined under ${kind}s${suggest(value, [...defined[kind]])}`,
    );
  };
  nodes.forEach((node, i) => {
    if (typeof node.name !== 'string') return;
    if (!nodeType.has(node.name))
      nodeType.set(node.name, typeof node.type === 'string' ? node.type : '');
    const config = isRecord(node.config) ? node.config : {};
    const owner = `node "${node.name}"`;
    ref(['nodes', i, 'config', 'subscriber'], owner, 'subscriber', config.subscriber);
    ref(['nodes', i, 'config', 'calculator'], owner, 'calculator', config.calculator);
    for (const [key, kind] of [
      ['publishers', 'publisher'],
      ['input_transformers', 'transformer'],
      ['output_transformers', 'transformer'],
    ] as const) {
      const list = config[key];
      if (Array.isArray(list))
        list.forEach((v, j) => ref(['nodes', i, 'config', key, j], owner, kind, v));
    }
  });

  const edges: { from: string; to: string; index: number }[] = [];
  const seenEdges = new Map<string, number>();
  items(dag, 'edges').forEach((edge, k) => {
    const { from, to } = edge;
    ref(
      ['edges', k, 'transformer'],
      `edge ${String(from)} -> ${String(to)}`,
      'transformer',
      edge.transformer,
    );
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      const name = edge[end];
      if (typeof name !== 'string') ok = false;
      else if (!nodeType.has(name)) {
        ok = false;
        if (NAME_PATTERN.test(name))
          add(
            ['edges', k, end],
            'unknown_reference',
            `edge ${end} "${name}": no node has that name${suggest(name, [...nodeType.keys()])}`,
          );
      }
    }
    if (!ok) return;
    const key = `${from as string}\u0000${to as string}`;
    const first = seenEdges.get(key);
    if (first !== undefined) {
      add(
        ['edges', k],
        'duplicate_edge',
        `edge ${from as string} -> ${to as string} is already edges[${first}]`,
      );
      return;
    }
    seenEdges.set(key, k);
    const toType = nodeType.get(to as string);
    if (toType === 'SubscriptionNode' || toType === 'MetronomeNode') {
      add(
        ['edges', k, 'to'],
        'source_has_inputs',
        `edge ${from as string} -> ${to as string} points into ${toType} "${to as string}", which is a source and takes no inputs`,
      );
    }
    if (nodeType.get(from as string) === 'PublicationNode') {
      add(
        ['edges', k, 'from'],
        'publication_has_outputs',
        `edge ${from as string} -> ${to as string} leaves PublicationNode "${from as string}", which is a sink and has no outputs`,
      );
    }
    edges.push({ from: from as string, to: to as string, index: k });
  });

  const order = topologicalOrder([...nodeType.keys()], edges);
  if (!order.ok) {
    for (const cycle of order.cycles) {
      const first = edges.find((e) => e.from === cycle[0] && e.to === cycle[1]);
      add(
        first === undefined ? ['edges'] : ['edges', first.index],
        'cycle',
        `the edges form a cycle: ${cycle.join(' -> ')}`,
      );
    }
  }
}

function checkWindow(dag: Parsed, add: Add): void {
  const { start_time, end_time, timezone } = dag;
  if ((start_time === undefined) !== (end_time === undefined)) {
    const missing = start_time === undefined ? 'start_time' : 'end_time';
    const given = start_time === undefined ? 'end_time' : 'start_time';
    add(
      [missing],
      'window_incomplete',
      `${given} is set but ${missing} is not: give both or neither`,
    );
  } else if (typeof start_time === 'string' && start_time === end_time) {
    add(
      ['end_time'],
      'window_empty',
      `end_time equals start_time (${start_time}), so the window is empty`,
    );
  }
  if (typeof timezone === 'string' && timezone.length > 0 && !isValidTimeZone(timezone)) {
    add(
      ['timezone'],
      'invalid_timezone',
      `"${timezone}" is not a time zone name such as UTC or Europe/London`,
    );
  }
}

function parseConfig(
  schema: z.ZodType,
  config: unknown,
  at: PropertyKey[],
  add: Add,
): Parsed | undefined {
  const result = schema.safeParse(config);
  if (result.success) return result.data as Parsed;
  for (const issue of result.error.issues) {
    for (const p of fromZodIssue(issue, at, config)) add(p.pathSegments, p.code, p.message);
  }
  return undefined;
}

type LocatedProblem = Problem & { pathSegments: PropertyKey[] };

function fromZodIssue(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  root: unknown,
): LocatedProblem[] {
  const segments = [...prefix, ...issue.path];
  const at = (code: ProblemCode, message: string, extra: PropertyKey[] = []): LocatedProblem => ({
    path: jsonPath([...segments, ...extra]),
    pathSegments: [...segments, ...extra],
    code,
    message,
  });
  const input = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined
        ? [at('missing', `is required (${issue.expected})`)]
        : [at('invalid_type', `expected ${issue.expected}, got ${describe(input)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => at('unknown_key', `unknown key "${key}"`, [key]));
    case 'invalid_format':
      return [
        at(
          issue.message.includes('letters, digits') ? 'invalid_name' : 'invalid_value',
          `${issue.message}, got ${describe(input)}`,
        ),
      ];
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator === 'type') {
        return input === undefined
          ? [at('missing', `is required: one of ${nodeTypes.join(', ')}`)]
          : [
              at(
                'unknown_type',
                `unknown node type ${describe(input)}${typeof input === 'string' ? suggest(input, nodeTypes) : ''}; node types: ${nodeTypes.join(', ')}`,
              ),
            ];
      }
      return [at('invalid_value', issue.message)];
    }
    default:
      return [at('invalid_value', issue.message)];
  }
}

function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function items(dag: Parsed, section: Section | 'edges'): Parsed[] {
  const list = dag[section];
  return Array.isArray(list) ? list.map((v) => (isRecord(v) ? v : {})) : [];
}

function isRecord(v: unknown): v is Parsed {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function singular(section: string): string {
  return section.replace(/s$/, '');
}

/** `; did you mean "x"?` when a known name is within two edits of the given one. */
function suggest(given: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(given.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
