import { describe, expect, it } from 'vitest';
import { convertOriginalFormat } from './original-format';
import { builtinCatalog, validateDag, type ComponentCatalog } from './validate';

/**
 * Property-style: an original-format file with every key the converter reads, mutated at each
 * place into every shape (null, numbers, strings, arrays, objects), is refused or accepted but the
 * validator never throws, and every problem names a place in the file as written (issue 15).
 */
const BASE = {
  name: 'fuzz',
  _comment: 'every key the converter reads',
  version: '1.0',
  autoclone: false,
  start_time: '09:00',
  duration: '6h30m',
  end_time: '1700',
  schedule: {
    days_of_week: ['Mon', 'Tue'],
    exclude_days_of_week: ['Sat'],
    holiday_calendars: ['USA'],
    timezone: 'America/New_York',
  },
  subscribers: [
    { name: 'in', type: 'x', config: { source: 'inmemory://orders_queue', max_size: 10 } },
    {
      name: 'k',
      config: {
        source: 'kafka://topic/t',
        bootstrap_servers: 'localhost:9092',
        group_id: 'g',
        max_retries: 3,
        consumer_config: { 'auto.offset.reset': 'earliest', 'sasl.password': 'hunter2' },
        producer_config: { acks: 'all' },
      },
    },
    {
      name: 'a',
      config: { source: 'activemq://queue/q', host: 'h', password: 'hunter2', exchange: 'e' },
    },
    { name: 'r', config: { source: 'rabbitmq://topic/t', connection: 'rabbitmq' } },
    { name: 'f', config: { source: 'fanin://in, k' } },
    { name: 'm', config: { source: 'metronome', interval: 0.5, message: 'tick' } },
  ],
  publishers: [
    {
      name: 'out',
      config: {
        destination: 'kafka://topic/o',
        bootstrap_servers: ['localhost:9092'],
        producer_config: { acks: 1, linger_ms: 5 },
        max_queue_depth: 10,
        max_depth: 5,
      },
    },
    { name: 'mem_out', config: { destination: 'mem://out_queue', max_size: 3 } },
  ],
  calculators: [
    {
      name: 'add',
      type: 'core.calculator.core_calculator.AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 's', description: 'd', extra: 1 },
    },
    { name: 'rnd', type: 'core.calculator.random_calculator.RandomCalculator', config: {} },
    { name: 'dflt' },
  ],
  transformers: [{ name: 't', type: 'core.transformer.core_transformer.NullDataTransformer' }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', subscriber: 'f', calculator: 'add', config: {} },
    {
      name: 'beat',
      type: 'MetronomeNode',
      subscriber: 'm',
      input_transformers: ['t'],
      config: { interval: 1, message: 'x' },
    },
    { name: 'calc', calculator: 'rnd', priority: 1, config: { autoclone: true } },
    { name: 'sink', type: 'PublicationNode', publishers: ['out', 'mem_out'], config: {} },
    { name: 'ps', type: 'PublisherSinkNode', publishers: ['out'] },
  ],
  edges: [
    { from_node: 'src', to_node: 'calc', pname: 'L', data_transformer: 't' },
    { from_node: 'beat', to_node: 'calc', pname: ' R ' },
    { from_node: 'calc', to_node: 'sink' },
    { from_node: 'calc', to_node: 'ps' },
  ],
};

const MUTANTS: unknown[] = [
  null,
  0,
  -1,
  1e308,
  0.000001,
  true,
  '',
  ' ',
  'x',
  '::',
  'a.b.c',
  'kafka://',
  'fanin://',
  [],
  [null],
  [1, 'x'],
  {},
  { config: null },
  { source: null },
];

/** Every place of a JSON value, objects and arrays included. */
function places(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...places(v, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...places(v, [...at, k]));
  return out;
}

function setAt(root: unknown, at: (string | number)[], v: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let obj = copy;
  for (const seg of at.slice(0, -1)) obj = obj[seg] as Record<string | number, unknown>;
  obj[at[at.length - 1] as string | number] = v;
  return copy;
}

/** Whether a problem's place is in the file: all but its last segment exist there. */
function inFile(root: unknown, segments: readonly (string | number)[]): boolean {
  let v = root;
  for (const seg of segments.slice(0, -1)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return false;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return true;
}

const catalogs: [string, ComponentCatalog][] = [
  ['builtins', builtinCatalog],
  [
    'with connections',
    { ...builtinCatalog, connections: { stomp: ['rabbitmq', 'activemq'], kafka: [] } },
  ],
];

describe('an original-format file mutated at every key', () => {
  it('the base file validates with the named connections', () => {
    expect(validateDag(BASE, (catalogs[1] as [string, ComponentCatalog])[1]).ok).toBe(true);
  });

  it('never makes the validator throw; every problem has a path in the file', () => {
    const failures: string[] = [];
    const all = places(BASE).filter((p) => p.length > 0);
    for (const at of all) {
      for (const mutant of MUTANTS) {
        const dag = setAt(BASE, at, mutant);
        for (const [label, catalog] of catalogs) {
          try {
            const result = validateDag(dag, catalog);
            if (!result.ok)
              for (const p of result.problems)
                if (!inFile(dag, p.segments))
                  failures.push(
                    `${label} ${JSON.stringify(at)}=${JSON.stringify(mutant)}: ${p.path} ${p.message}`,
                  );
          } catch (error) {
            failures.push(
              `${label} ${JSON.stringify(at)}=${JSON.stringify(mutant)}: ${String(error)}`,
            );
          }
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('converts into our format: the converted config validates as ours to the same DAG', () => {
    // The server checks and stores the converted config: it must agree with the file's verdict.
    const failures: string[] = [];
    const [, catalog] = catalogs[1] as [string, ComponentCatalog];
    for (const at of places(BASE).filter((p) => p.length > 0)) {
      for (const mutant of MUTANTS) {
        const dag = setAt(BASE, at, mutant) as Record<string, unknown>;
        const result = validateDag(dag, catalog);
        if (!result.ok) continue;
        const ours = validateDag(convertOriginalFormat(dag, catalog).value, catalog);
        const label = `${JSON.stringify(at)}=${JSON.stringify(mutant)}`;
        if (!ours.ok) failures.push(`${label}: ${JSON.stringify(ours.problems[0])}`);
        else if (ours.originalFormat) failures.push(`${label}: converted looks original`);
        else if (JSON.stringify(ours.dag) !== JSON.stringify(result.dag))
          failures.push(`${label}: another DAG`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('never throws when a whole list or the top level is another shape', () => {
    const failures: string[] = [];
    for (const key of Object.keys(BASE))
      for (const mutant of MUTANTS) {
        try {
          validateDag({ ...BASE, [key]: mutant });
        } catch (error) {
          failures.push(`${key}=${JSON.stringify(mutant)}: ${String(error)}`);
        }
      }
    for (const top of MUTANTS) {
      try {
        validateDag(top);
      } catch (error) {
        failures.push(`top=${JSON.stringify(top)}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
