import type { Calculator, Transformer } from '../components/definitions';
import type { Message } from '../message';
import { WATCH_NODE } from '../workers/watch';
import type { PublisherHandle } from './publisher-handle';
import type { RuntimeNode } from './runtime-node';

/** A source node's new message and the compute pass below it (SPEC section 4). */
export type Pass = (message: Message, now: number, pending: Promise<void>[] | undefined) => void;

/** What a compiled pass calls back into its compute graph for. */
export interface PassHost {
  /** Records an exception of a node's step; the node keeps its output. */
  fail(node: RuntimeNode, error: unknown, input: Message | undefined, now: number): void;
  /** Emits the node's `computed` event (called only while someone listens). */
  computed(node: RuntimeNode, now: number): void;
  /** The generic step, for nodes the compiled code does not inline (merges, edge transformers). */
  compute(node: RuntimeNode, now: number, pending: Promise<void>[] | undefined): boolean;
  /** Whether anybody listens to events; read on every compute, as the generic pass does. */
  readonly events: { readonly active: boolean };
  /** Where the node computing now is written for a watchdog (see workers/watch.ts). */
  readonly watch: Int32Array;
  /** Whether anybody reads `watch`: unwatched passes leave its stores out. */
  readonly watched: boolean;
}

/**
 * Longer passes stay generic. V8 stops optimizing a function somewhere past this: measured on
 * chains of PassthruCalculators (in memory, 300,000 messages), a compiled chain of 128 nodes
 * (48 K characters) took 1 us per message against the generic pass's 2; one of 160 (61 K) 2.8
 * against 3.2; one of 200 (76 K) 43 against 5, left to the interpreter.
 */
export const MAX_COMPILED_SOURCE = 48_000;

type Component = RuntimeNode | Calculator | Transformer | PublisherHandle;

/**
 * Compiles the pass below a source into one function of its own, in `every` mode.
 *
 * Why: in the generic pass one call site (`node.calculator.compute`) serves every calculator of
 * every DAG, so V8 cannot inline any of them and each node pays a polymorphic call and its
 * bookkeeping through shared, generic code. Here every node of the plan gets its own straight
 * lines with its components as constants, so each call site has one target and is inlined: on
 * the pipeline benchmark (three calculators) that is ~80 ns of ~340 ns per message.
 *
 * The generated code holds nothing but identifiers made here (`n3`, `c3`, ...): no name, key
 * or value from a DAG config is ever part of it. Returns undefined for a pass too long to gain
 * from it (MAX_COMPILED_SOURCE). It does what ComputeGraph's generic step does,
 * in the same order (the unit tests run every fixture through both and compare); nodes with
 * several parents or an edge transformer go through the generic step.
 */
export function compilePass(
  source: RuntimeNode,
  plan: readonly RuntimeNode[],
  host: PassHost,
): Pass | undefined {
  const components: Component[] = [];
  const lines: string[] = [];
  /** A component as a constant of the generated code (`c4`), so that its calls have one target. */
  const constant = (value: Component, name = `c${components.length}`): string => {
    lines.push(`const ${name} = k[${components.length}];`);
    components.push(value);
    return name;
  };
  const names = new Map<RuntimeNode, string>();
  for (const node of [source, ...plan]) names.set(node, constant(node, `n${names.size}`));
  const name = (node: RuntimeNode) => names.get(node) as string;
  /** A node's transformers and calculator as statements on `v`. */
  const steps = (node: RuntimeNode): string[] => [
    ...node.inputTransformers.map((t) => `v = ${constant(t)}.transform(v);`),
    ...(node.calculator ? [`v = ${constant(node.calculator)}.compute(v, ${name(node)});`] : []),
    ...node.outputTransformers.map((t) => `v = ${constant(t)}.transform(v);`),
  ];
  // A node on the compiled path runs when its only parent succeeded in this pass (`ok0` for the
  // source, `ok3` for n3, ...): that is what its dirty flag would say. Nodes on the generic
  // path read their dirty flag, so parents set it for them.
  const inlined = (node: RuntimeNode) => node.soleParent !== undefined;
  const succeeded = (node: RuntimeNode): string[] => [
    `${name(node)}.computeCount++;`,
    `${name(node)}.lastComputeAt = now;`,
    `${name(node)}.output = v;`,
    `if (host.events.active) host.computed(${name(node)}, now);`,
    ...node.children.filter((c) => !inlined(c)).map((c) => `${name(c)}.dirty = true;`),
    ...node.publishers.map(
      (publisher) =>
        `{ const accepted = ${constant(publisher)}.offer(v); if (accepted !== undefined && pending !== undefined) pending.push(accepted); }`,
    ),
  ];
  // A source that computes (the original's form) runs its steps first; its children get the result.
  const sourceSteps = steps(source);
  const body: string[] = [
    'let v = message;',
    'n0.input = message;',
    ...(sourceSteps.length > 0 && host.watched ? [`w[${WATCH_NODE}] = ${source.index};`] : []),
    ...(sourceSteps.length > 0
      ? [
          `try { ${sourceSteps.join(' ')} } catch (error) { host.fail(n0, error, message, now); return; }`,
        ]
      : []),
    ...succeeded(source),
    'const ok0 = true;',
  ];
  for (const node of plan) {
    const n = name(node);
    const ok = `ok${n.slice(1)}`;
    const parent = node.soleParent;
    if (parent === undefined) {
      body.push(
        `let ${ok} = false;`,
        `if (${n}.dirty) { ${n}.dirty = false; ${ok} = host.compute(${n}, now, pending); }`,
      );
      continue;
    }
    const nodeSteps = steps(node);
    body.push(
      `let ${ok} = false;`,
      `if (ok${name(parent).slice(1)}) {`,
      // The generic step of a parent dirties all its children; this one has now run.
      ...(parent !== source && !inlined(parent) ? [`  ${n}.dirty = false;`] : []),
      `  const input = ${name(parent)}.output ?? {};`,
      `  ${n}.input = input;`,
      `  v = input;`,
      ...(nodeSteps.length > 0 && host.watched ? [`  w[${WATCH_NODE}] = ${node.index};`] : []),
      ...(nodeSteps.length > 0
        ? [
            `  try { ${nodeSteps.join(' ')} ${ok} = true; } catch (error) { host.fail(${n}, error, input, now); }`,
          ]
        : [`  ${ok} = true;`]),
      `  if (${ok}) {`,
      ...succeeded(node).map((line) => `    ${line}`),
      `  }`,
      `}`,
    );
  }
  const code = [
    '"use strict";',
    'const w = host.watch;',
    ...lines,
    'return function pass(message, now, pending) {',
    ...body.map((line) => `  ${line}`),
    '};',
  ].join('\n');
  if (code.length > MAX_COMPILED_SOURCE) return undefined;
  const factory = new Function('k', 'host', code) as (k: Component[], host: PassHost) => Pass;
  return factory(components, host);
}
