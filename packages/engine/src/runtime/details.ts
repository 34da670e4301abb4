import { scheduleTimeZone, type Dag, type NodeDetails, type TimeWindow } from '@flow/shared';
import type { RuntimeNode } from './runtime-node';

/** The types of what the engine tells of a DAG are the API's, written once in @flow/shared. */
export type { DagDetails, DagSummary, NodeDetails } from '@flow/shared';

/** A DAG's time window: both ends given, or none; read in its schedule's zone when it names one. */
export function windowOf(config: Dag): TimeWindow | undefined {
  return config.start_time !== undefined && config.end_time !== undefined
    ? {
        start_time: config.start_time,
        end_time: config.end_time,
        timezone: scheduleTimeZone(config),
      }
    : undefined;
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
    ...(node.filteredCount > 0 ? { filteredCount: node.filteredCount } : {}),
    errors: [...node.issues],
    ...(channel
      ? {
          queue: {
            depth: channel.depth,
            maxDepth: channel.maxDepth,
            drops: channel.drops,
            rejected: channel.rejected,
            fenced: channel.fenced,
          },
          connection: channel.status,
        }
      : {}),
    ...(node.publishers.length > 0
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
