import type { Dag, DagNodeType, PropagateMode, TimeWindow } from '@flow/shared';
import type { Message } from '../message';
import type { ConnectionStatus } from '../pubsub/types';
import type { DagState } from './events';
import type { NodeIssue, RuntimeNode } from './runtime-node';

export interface DagSummary {
  readonly name: string;
  readonly description: string | undefined;
  readonly state: DagState;
  /** Why the DAG is suspended, when it is. */
  readonly stateReason: string | undefined;
  readonly window: TimeWindow | null;
  readonly propagate: PropagateMode;
  readonly nodeCount: number;
  /** Messages per second entering the DAG (all sources). */
  readonly rate: number;
  readonly errorCount: number;
}

export interface NodeDetails {
  readonly name: string;
  readonly type: DagNodeType;
  readonly input: Message | undefined;
  readonly output: Message | undefined;
  readonly dirty: boolean;
  readonly computeCount: number;
  /** Computes per second over the last second. */
  readonly rate: number;
  readonly lastComputeAt: string | null;
  readonly errorCount: number;
  readonly warningCount: number;
  /** The last 10 errors and warnings, oldest first. */
  readonly errors: readonly NodeIssue[];
  /** Subscription and metronome nodes: their queue. */
  readonly queue?: {
    readonly depth: number;
    readonly maxDepth: number;
    readonly drops: number;
    readonly rejected: number;
  };
  readonly connection?: ConnectionStatus;
  /** Publication nodes: what each publisher has sent. */
  readonly publishers?: readonly {
    readonly name: string;
    readonly published: number;
    readonly failures: number;
  }[];
}

export interface DagDetails extends DagSummary {
  readonly config: Dag;
  /** In topological order. */
  readonly nodes: readonly NodeDetails[];
}

export function describeNode(node: RuntimeNode): NodeDetails {
  const channel = node.channel;
  return {
    name: node.name,
    type: node.type,
    input: node.input,
    output: node.output,
    dirty: node.dirty,
    computeCount: node.computeCount,
    rate: node.rate,
    lastComputeAt: node.lastComputeAt ? new Date(node.lastComputeAt).toISOString() : null,
    errorCount: node.errorCount,
    warningCount: node.warningCount,
    errors: [...node.issues],
    ...(channel
      ? {
          queue: {
            depth: channel.depth,
            maxDepth: channel.maxDepth,
            drops: channel.drops,
            rejected: channel.rejected,
          },
          connection: channel.status,
        }
      : {}),
    ...(node.type === 'PublicationNode'
      ? {
          publishers: node.publishers.map((h) => ({
            name: h.name,
            published: h.published,
            failures: h.failures,
          })),
        }
      : {}),
  };
}
