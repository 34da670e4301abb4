import type { DagNodeType, NodeIssue } from '@flow/shared';
import type { Calculator, ComputeContext, Transformer } from '../components/definitions';
import type { Message } from '../message';
import type { Pass } from './compiled-pass';
import type { PublisherHandle } from './publisher-handle';
import type { SubscriptionChannel } from './subscription-channel';

export const MAX_ISSUES = 10;

/** An error or warning recorded on a node: when, what, and the input that caused it. */
export type { NodeIssue } from '@flow/shared';

export interface ParentLink {
  readonly node: RuntimeNode;
  readonly transformer: Transformer | undefined;
  /** The edge's `pname`: the parent's output is nested under it at the merge. */
  readonly pname: string | undefined;
}

/** A node while the DAG lives: its place in the graph, its components and its latest values. */
export class RuntimeNode implements ComputeContext {
  index = 0;
  readonly parents: ParentLink[] = [];
  readonly children: RuntimeNode[] = [];
  inputTransformers: readonly Transformer[] = [];
  outputTransformers: readonly Transformer[] = [];
  calculator: Calculator | undefined;
  publishers: readonly PublisherHandle[] = [];
  channel: SubscriptionChannel | undefined;
  /** The only parent, when there is exactly one over an edge without transformer. */
  soleParent: RuntimeNode | undefined;
  hasTransformers = false;
  /** Source nodes: the nodes downstream of this one, in topological order. */
  plan: readonly RuntimeNode[] = [];
  /** Source nodes: the compiled pass over `plan`, once the DAG started (see compiled-pass.ts). */
  pass: Pass | undefined;
  /**
   * Sinks that do not compute as the others: `each` (PublisherSinkNode) publishes each parent's
   * data that changed, `none` (SinkNode) computes nothing.
   */
  readonly sink: 'each' | 'none' | undefined;
  /** PublisherSinkNode: what it last published of each parent, by the parent's index. */
  readonly lastByParent: (Message | undefined)[] = [];

  input: Message | undefined;
  output: Message | undefined;
  dirty = false;
  computeCount = 0;
  errorCount = 0;
  warningCount = 0;
  /** Messages a FilterCalculator stopped here (its condition was false); passed ones are computes. */
  filteredCount = 0;
  lastComputeAt = 0;
  rate = 0;
  rateBase = 0;
  issues: NodeIssue[] = [];
  onIssue: ((node: RuntimeNode, issue: NodeIssue) => void) | undefined;
  /** The DAG's clock: what an error or a warning is stamped with. */
  now: () => number = Date.now;

  constructor(
    readonly name: string,
    readonly type: DagNodeType,
  ) {
    this.sink = type === 'PublisherSinkNode' ? 'each' : type === 'SinkNode' ? 'none' : undefined;
  }

  get isSource(): boolean {
    return this.type === 'SubscriptionNode' || this.type === 'MetronomeNode';
  }

  warn(message: string): void {
    this.record('warning', message, this.input);
  }

  record(level: NodeIssue['level'], message: string, input: unknown, time = this.now()): void {
    const issue: NodeIssue = { time: new Date(time).toISOString(), level, message, input };
    if (level === 'error') this.errorCount++;
    else this.warningCount++;
    this.issues.push(issue);
    if (this.issues.length > MAX_ISSUES) this.issues.shift();
    this.onIssue?.(this, issue);
  }
}
