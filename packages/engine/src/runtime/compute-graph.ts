import { dequal } from 'dequal';
import type { PropagateMode } from '@flow/shared';
import { FILTERED } from '../calculators/expression';
import { errorMessage } from '../errors';
import type { Message } from '../message';
import { compilePass, type PassHost } from './compiled-pass';
import { WATCH_NODE, newWatch } from '../workers/watch';
import type { EventHub } from './events';
import type { RuntimeNode } from './runtime-node';

/**
 * Nodes in topological order and the compute pass (SPEC section 4): a message sets its source
 * node's output, dirties the children, and the dirty nodes downstream are computed in order.
 */
export class ComputeGraph implements PassHost {
  private readonly changesOnly: boolean;
  private readonly compiled: boolean;
  /** Where the node computing now is written (`WATCH_NODE`) for a watchdog. */
  readonly watch: Int32Array;
  /** Whether a watchdog reads `watch` (in a worker): compiled passes write it only then. */
  readonly watched: boolean;

  /**
   * `compiled: false` keeps every source on the generic pass (the compiled one is checked
   * against it in the tests); `changes` mode always uses the generic pass.
   */
  constructor(
    readonly dagName: string,
    readonly nodes: readonly RuntimeNode[],
    propagate: PropagateMode,
    readonly events: EventHub,
    options: { compiled?: boolean; watch?: Int32Array } = {},
  ) {
    this.watch = options.watch ?? newWatch(false);
    this.watched = options.watch !== undefined;
    this.changesOnly = propagate === 'changes';
    nodes.forEach((node, i) => {
      node.index = i;
      // Fast paths for the common shape: one parent over a plain edge, no node transformers.
      const only = node.parents.length === 1 ? node.parents[0] : undefined;
      node.soleParent =
        only !== undefined &&
        only.transformer === undefined &&
        only.pname === undefined &&
        node.sink === undefined
          ? only.node
          : undefined;
      node.hasTransformers = node.inputTransformers.length + node.outputTransformers.length > 0;
    });
    for (const node of nodes) if (node.isSource) node.plan = this.reachableFrom(node);
    this.compiled = !this.changesOnly && options.compiled !== false;
  }

  /**
   * Compiles the sources' passes (see compiled-pass.ts). Called once the publishers are wired to
   * their nodes, that is when the DAG starts; until then the generic pass serves.
   */
  compile(): void {
    for (const node of this.nodes) {
      if (node.isSource) node.pass = this.compiled ? compilePass(node, node.plan, this) : undefined;
    }
  }

  /**
   * Runs one message from a source node through the graph. Promises of publishers that have not
   * yet accepted the result are pushed onto `pending` when given (for acknowledgement).
   */
  deliver(source: RuntimeNode, message: Message, now: number, pending?: Promise<void>[]): void {
    if (source.pass !== undefined) {
      source.pass(message, now, pending);
      return;
    }
    let value = message;
    const computes = source.calculator !== undefined || source.hasTransformers;
    if (computes) {
      // A source that computes (the original's form): its children get what it computed.
      this.watch[WATCH_NODE] = source.index;
      source.input = message;
      try {
        value = this.steps(source, message);
      } catch (error) {
        this.fail(source, error, message, now);
        return;
      }
    }
    // A metronome passes on every tick, as the original's does, whatever its calculator made.
    if (this.changesOnly && source.type !== 'MetronomeNode' && dequal(source.output, value)) {
      if (computes) source.computeCount++;
      return;
    }
    source.input = message;
    source.output = value;
    source.computeCount++;
    source.lastComputeAt = now;
    if (this.events.active) this.computed(source, now);
    this.publish(source, value, pending);
    const children = source.children;
    for (let i = 0; i < children.length; i++) (children[i] as RuntimeNode).dirty = true;
    const plan = source.plan;
    for (let i = 0; i < plan.length; i++) {
      const node = plan[i] as RuntimeNode;
      if (node.dirty) {
        node.dirty = false;
        this.compute(node, now, pending);
      }
    }
  }

  /** One node's step; true when it has a new output (and dirtied its children). */
  compute(node: RuntimeNode, now: number, pending: Promise<void>[] | undefined): boolean {
    if (node.sink !== undefined)
      return node.sink === 'each' ? this.publishEach(node, now, pending) : false;
    let input: Message | undefined;
    this.watch[WATCH_NODE] = node.index;
    try {
      input = node.soleParent !== undefined ? (node.soleParent.output ?? {}) : this.merge(node);
      if (this.changesOnly && node.computeCount > 0 && dequal(input, node.input)) return false;
      node.input = input;
      const value = this.steps(node, input);
      node.computeCount++;
      node.lastComputeAt = now;
      if (this.changesOnly && dequal(value, node.output)) return false;
      node.output = value;
    } catch (error) {
      this.fail(node, error, input, now);
      return false;
    }
    if (this.events.active) this.computed(node, now);
    const children = node.children;
    for (let i = 0; i < children.length; i++) children[i]!.dirty = true;
    this.publish(node, node.output, pending);
    return true;
  }

  /** A node's input transformers, calculator and output transformers on a message, in order. */
  private steps(node: RuntimeNode, message: Message): Message {
    let value = message;
    if (node.hasTransformers) {
      const inputTransformers = node.inputTransformers;
      for (let i = 0; i < inputTransformers.length; i++)
        value = inputTransformers[i]!.transform(value);
    }
    if (node.calculator !== undefined) value = node.calculator.compute(value, node);
    if (node.hasTransformers) {
      const outputTransformers = node.outputTransformers;
      for (let i = 0; i < outputTransformers.length; i++)
        value = outputTransformers[i]!.transform(value);
    }
    return value;
  }

  private publish(node: RuntimeNode, value: Message, pending: Promise<void>[] | undefined): void {
    const publishers = node.publishers;
    for (let i = 0; i < publishers.length; i++) {
      const accepted = publishers[i]!.offer(value);
      if (accepted !== undefined && pending !== undefined) pending.push(accepted);
    }
  }

  /**
   * A PublisherSinkNode's step: each parent's data (through its edge's transformer) that differs
   * from what this node last published of that parent is published on its own, in edge order;
   * nothing is merged. A parent with no output yet is left out. Each publication is a compute
   * (and a `computed` event with that data as input and output).
   */
  private publishEach(
    node: RuntimeNode,
    now: number,
    pending: Promise<void>[] | undefined,
  ): boolean {
    this.watch[WATCH_NODE] = node.index;
    let published = false;
    node.parents.forEach(({ node: parent, transformer }, i) => {
      if (parent.output === undefined) return;
      let data: Message;
      try {
        data = transformer === undefined ? parent.output : transformer.transform(parent.output);
      } catch (error) {
        this.fail(node, error, parent.output, now);
        return;
      }
      const last = node.lastByParent[i];
      if (last !== undefined && dequal(last, data)) return;
      node.lastByParent[i] = data;
      node.input = data;
      node.output = data;
      node.computeCount++;
      node.lastComputeAt = now;
      if (this.events.active) this.computed(node, now);
      this.publish(node, data, pending);
      published = true;
    });
    return published;
  }

  /** The parents' latest outputs, each through its edge's transformer, merged in edge order. */
  private merge(node: RuntimeNode): Message {
    const parents = node.parents;
    if (parents.length === 1 && parents[0]!.pname === undefined) {
      const { node: parent, transformer } = parents[0]!;
      const output = parent.output ?? {};
      return transformer === undefined ? output : transformer.transform(output);
    }
    const merged: Record<string, unknown> = {};
    for (let i = 0; i < parents.length; i++) {
      const { node: parent, transformer, pname } = parents[i]!;
      if (parent.output === undefined) continue;
      const data = transformer === undefined ? parent.output : transformer.transform(parent.output);
      if (pname === undefined) Object.assign(merged, data);
      else nest(merged, pname, data);
    }
    return merged;
  }

  /** A step that threw: an error on the node, or a message its filter stopped (counted, no error). */
  fail(node: RuntimeNode, error: unknown, input: Message | undefined, now: number): void {
    if (error === FILTERED) {
      node.filteredCount++;
      node.input = input;
      return;
    }
    node.record('error', errorMessage(error), input, now);
  }

  /** Emits the node's `computed` event; callers check `events.active` first. */
  computed(node: RuntimeNode, at: number): void {
    this.events.emit({
      type: 'computed',
      dag: this.dagName,
      node: node.name,
      at,
      input: node.input,
      output: node.output,
      computeCount: node.computeCount,
    });
  }

  private reachableFrom(source: RuntimeNode): RuntimeNode[] {
    const seen = new Set<RuntimeNode>();
    const stack = [...source.children];
    while (stack.length > 0) {
      const node = stack.pop() as RuntimeNode;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...node.children);
    }
    return [...seen].sort((a, b) => a.index - b.index);
  }
}

/**
 * Nests a parent's data under its edge's `pname` in a merge, as the original does: an empty
 * output adds nothing (no key); data under a key already there (an object) is merged into it.
 * Validation refuses a `pname` of `__proto__` and two edges into one node sharing one.
 */
function nest(merged: Record<string, unknown>, pname: string, data: Message): void {
  if (Object.keys(data).length === 0) return;
  const there = Object.hasOwn(merged, pname) ? merged[pname] : undefined;
  merged[pname] =
    typeof there === 'object' && there !== null && !Array.isArray(there)
      ? { ...there, ...data }
      : data;
}
