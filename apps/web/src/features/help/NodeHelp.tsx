import { Alert, Divider, Stack, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { CatalogEntry } from '../../trpc';
import { findEntry } from '../designer/catalog';
import type { NodeSpec } from '../designer/model';
import { useEditorStore } from '../designer/store-context';
import { ComponentHelp } from './ComponentHelp';
import { helpTopicsOf } from './help-fields';

/** What each node type does, before the help of the components it uses. */
const nodeTypes: Readonly<Record<string, string>> = {
  SubscriptionNode: 'Reads messages from its subscriber and sends each one on along its edges.',
  CalculationNode:
    'Computes its calculator over the data of its incoming edges (input transformers first, output transformers after) and sends the result on.',
  PublicationNode: 'Publishes the data of its incoming edges with each of its publishers.',
  MetronomeNode: 'Emits a tick every interval, without a subscriber.',
  PublisherSinkNode: "Publishes each incoming edge's data when that edge's data changed.",
  SinkNode: 'Ends a branch: takes inputs, computes nothing.',
};

/** The Help tab of a selected node: its type, then the help of each component it uses. */
export function NodeHelp({
  spec,
  catalog,
}: {
  spec: NodeSpec;
  catalog: readonly CatalogEntry[] | undefined;
}) {
  const doc = useEditorStore((s) => s.doc);
  const topics = helpTopicsOf(spec, doc);
  return (
    <Stack gap="sm" data-testid="node-help">
      <Text size="sm">
        <b>{spec.type}</b>:{' '}
        {nodeTypes[spec.type] ?? 'a node of a plugin or of the original format.'}
      </Text>
      {topics.map((t) => {
        const entry = findEntry(catalog, t.kind, t.type);
        return (
          <Fragment key={`${t.kind}:${t.name}`}>
            <Divider label={`${t.kind} ${t.name}`} labelPosition="left" />
            {entry ? (
              <ComponentHelp entry={entry} narrow />
            ) : (
              <Alert color="gray" p="xs">
                No help for {t.kind} type “{t.type}”.
              </Alert>
            )}
          </Fragment>
        );
      })}
    </Stack>
  );
}
