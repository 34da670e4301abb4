import type { Calculator, Transformer } from '../components/definitions';
import type { Message } from '../message';
import type { PublisherHandle } from './publisher-handle';
import type { RuntimeNode } from './runtime-node';

/** The compute pass below one source node: what follows its new output (SPEC section 4). */
export type Pass = (now: number, pending: Promise<void>[] | undefined) => void;

/** What a compiled pass calls back into its compute graph for. */
export interface PassHost {
  /** Records an exception of a node's step; the node keeps its output. */
  fail(node: RuntimeNode, error: unknown, input: Message | undefined, now: number): void;
  /** Emits the node's `computed` event (called only while someone listens). */
  computed(node: RuntimeNode, now: number): void;
  /** The generic step, for nodes the compiled code does not inline (merges, edge transformers). */
  compute(node: RuntimeNode, now: number, pending: Promise<void>[] | undefined): void;
  /** Whether anybody listens to events; read on every compute, as the generic pass does. */
  readonly events: { readonly active: boolean };
}

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
 * or value from a DAG config is ever part of it. It does what ComputeGraph's generic step does,
 * in the same order (the unit tests run every fixture through both and compare); nodes with
 * several parents or an edge transformer go through the generic step.
 */
export function compilePass(plan: readonly RuntimeNode[], host: PassHost): Pass {
  const components: Component[] = [];
  const constant = (value: Component): string => {
    components.push(value);
    return `k[${components.length - 1}]`;
  };
  const names = new Map<RuntimeNode, string>();
  const lines: string[] = [];
  const declare = (node: RuntimeNode): string => {
    let name = names.get(node);
    if (name === undefined) {
      name = `n${names.size}`;
      names.set(node, name);
      lines.push(`const ${name} = ${constant(node)};`);
    }
    return name;
  };
  for (const node of plan) declare(node);
  const body: string[] = [];
  for (const node of plan) {
    const n = names.get(node) as string;
    const parent = node.soleParent;
    if (parent === undefined) {
      body.push(`if (${n}.dirty) { ${n}.dirty = false; host.compute(${n}, now, pending); }`);
      continue;
    }
    const p = declare(parent);
    const steps = [
      ...node.inputTransformers.map((t) => `v = ${constant(t)}.transform(v);`),
      ...(node.calculator ? [`v = ${constant(node.calculator)}.compute(v, ${n});`] : []),
      ...node.outputTransformers.map((t) => `v = ${constant(t)}.transform(v);`),
    ];
    const children = node.children.map((child) => `${declare(child)}.dirty = true;`);
    const publishers = node.publishers.map(
      (publisher) =>
        `{ const accepted = ${constant(publisher)}.offer(v); if (accepted !== undefined && pending !== undefined) pending.push(accepted); }`,
    );
    body.push(
      `if (${n}.dirty) {`,
      `  ${n}.dirty = false;`,
      `  const input = ${p}.output ?? {};`,
      `  ${n}.input = input;`,
      `  let v = input, ok = true;`,
      ...(steps.length > 0
        ? [
            `  try { ${steps.join(' ')} } catch (error) { ok = false; host.fail(${n}, error, input, now); }`,
          ]
        : []),
      `  if (ok) {`,
      `    ${n}.computeCount++;`,
      `    ${n}.lastComputeAt = now;`,
      `    ${n}.output = v;`,
      `    if (host.events.active) host.computed(${n}, now);`,
      ...children.map((line) => `    ${line}`),
      ...publishers.map((line) => `    ${line}`),
      `  }`,
      `}`,
    );
  }
  const source = [
    '"use strict";',
    ...lines,
    'return function pass(now, pending) {',
    ...body.map((line) => `  ${line}`),
    '};',
  ].join('\n');
  const factory = new Function('k', 'host', source) as (k: Component[], host: PassHost) => Pass;
  return factory(components, host);
}
