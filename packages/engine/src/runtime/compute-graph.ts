import { dequal } from 'dequal';
import type { PropagateMode } from '@flow/shared';
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
        only !== undefined && only.transformer === undefined ? only.node : undefined;
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
    if (this.changesOnly && dequal(source.output, message)) return;
    source.input = message;
    source.output = message;
    source.computeCount++;
    source.lastComputeAt = now;
    if (this.events.active) this.computed(source, now);
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
    let input: Message | undefined;
    this.watch[WATCH_NODE] = node.index;
    try {
      input = node.soleParent !== undefined ? (node.soleParent.output ?? {}) : this.merge(node);
      if (this.changesOnly && node.computeCount > 0 && dequal(input, node.input)) return false;
      node.input = input;
      let value = input;
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
    const publishers = node.publishers;
    for (let i = 0; i < publishers.length; i++) {
      const accepted = publishers[i]!.offer(node.output);
      if (accepted !== undefined && pending !== undefined) pending.push(accepted);
    }
    return true;
  }

  /** The parents' latest outputs, each through its edge's transformer, merged in edge order. */
  private merge(node: RuntimeNode): Message {
    const parents = node.parents;
    if (parents.length === 1) {
      const { node: parent, transformer } = parents[0]!;
      const output = parent.output ?? {};
      return transformer === undefined ? output : transformer.transform(output);
    }
    const merged: Record<string, unknown> = {};
    for (let i = 0; i < parents.length; i++) {
      const { node: parent, transformer } = parents[i]!;
      if (parent.output === undefined) continue;
      Object.assign(
        merged,
        transformer === undefined ? parent.output : transformer.transform(parent.output),
      );
    }
    return merged;
  }

  fail(node: RuntimeNode, error: unknown, input: Message | undefined, now: number): void {
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
