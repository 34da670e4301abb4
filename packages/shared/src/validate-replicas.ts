import { uriScheme } from './components';
import { isRecord, items, own, type Add, type Parsed } from './config-walk';

/** How many instances run a DAG at once: its `replicas`, 1 when absent. */
export function dagReplicas(config: { readonly replicas?: number | undefined }): number {
  return config.replicas ?? 1;
}

/** Why a subscriber of each scheme cannot be shared out among replicas as Kafka's partitions are. */
const reasons: Readonly<Record<string, string>> = {
  metronome: 'would tick on its own in every replica',
  file: 'every replica would read the same file',
  sql: 'every replica would read the same rows',
};
const deliversToEach = 'would deliver every message to every replica';

/**
 * `replicas` above 1 runs the DAG on that many instances at once, its Kafka subscribers one
 * consumer group (the default `<dag>_<subscriber>` or an explicit `group_id`, the same in every
 * replica), so that Kafka gives each replica a share of the partitions. Any other source would
 * not be shared out: one problem at `$.replicas` names each such subscriber and MetronomeNode.
 * A `fanin://` is not one itself: its sources are subscribers of the DAG, checked as such.
 */
export function checkReplicas(dag: Parsed, add: Add): void {
  const replicas = dag.replicas;
  if (typeof replicas !== 'number' || !(replicas > 1)) return;
  const refused: string[] = [];
  for (const item of items(dag, 'subscribers')) {
    const source = isRecord(item.config) ? item.config.source : undefined;
    if (typeof source !== 'string') continue;
    const scheme = uriScheme(source);
    if (scheme === 'kafka' || scheme === 'fanin') continue;
    const name = typeof item.name === 'string' ? item.name : '?';
    refused.push(`subscriber "${name}" (${scheme}) ${own(reasons, scheme) ?? deliversToEach}`);
  }
  for (const node of items(dag, 'nodes')) {
    if (node.type !== 'MetronomeNode') continue;
    const name = typeof node.name === 'string' ? node.name : '?';
    refused.push(`MetronomeNode "${name}" ${reasons.metronome}`);
  }
  if (refused.length === 0) return;
  add(
    ['replicas'],
    'invalid_value',
    `${replicas} replicas run this DAG on ${replicas} instances at once in one Kafka consumer ` +
      'group, Kafka giving each a share of the partitions; only Kafka subscribers can be shared ' +
      `out so: ${refused.join('; ')}. Use Kafka subscribers only, or leave replicas at 1`,
  );
}
