import { errorMessage } from '../errors';
import type { Message } from '../message';
import type { EventHub } from './events';
import type { PublisherHandle } from './publisher-handle';
import type { RuntimeNode } from './runtime-node';
import type { SubscriptionChannel } from './subscription-channel';

/** What a DAG's adapters and nodes report: recorded on the nodes, emitted to listeners. */

export function adapterFailed(node: RuntimeNode, error: unknown): void {
  node.record(
    'error',
    `${node.channel?.subscriber.uri ?? 'adapter'}: ${errorMessage(error)}`,
    undefined,
  );
}

/** A publisher's failure, on every node that publishes through it, with the batch it was on. */
export function recordPublisherError(
  nodes: readonly RuntimeNode[],
  handle: PublisherHandle,
  message: string,
  batch?: readonly Message[],
): void {
  for (const node of nodes) {
    if (node.publishers.includes(handle))
      node.record(
        'error',
        message,
        batch?.length === 1 ? batch[0] : batch?.length ? batch : undefined,
      );
  }
}

export function emitIssue(
  events: EventHub,
  dag: string,
  node: RuntimeNode,
  issue: RuntimeNode['issues'][number],
): void {
  if (events.active) events.emit({ type: 'issue', dag, node: node.name, issue });
}

export function emitConnection(events: EventHub, dag: string, channel: SubscriptionChannel): void {
  if (events.active)
    events.emit({ type: 'connection', dag, node: channel.node.name, status: channel.status });
}
