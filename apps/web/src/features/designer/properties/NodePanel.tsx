import { Alert, Divider, Stack, Text, Textarea, Title } from '@mantine/core';
import type { NodeSpec } from '../model';
import { useProblems } from '../problems-store';
import { useEditorStore, useEditorStoreApi } from '../store-context';
import { ComponentForm } from './ComponentForm';
import { MetronomeFields } from './MetronomeFields';
import { NameInput } from './NameInput';
import type { PanelProps } from './panel-props';
import { PublisherForms, PublisherPicker, SourceCompute } from './SourceCompute';
import { TransformerPicker } from './TransformerPicker';

/** A node's name, description and problems, and the forms of the components it uses. */
export function NodePanel({ id, catalog, readOnly }: PanelProps & { id: string }) {
  const spec = useEditorStore((s) => s.nodes.find((n) => n.id === id)?.data.spec);
  const { updateNode, renameNode, nodes } = useEditorStoreApi().getState();
  const problems = useProblems((s) => (spec ? s.byNode[spec.name] : undefined));
  if (!spec) return null;
  const set = (next: NodeSpec) => updateNode(spec.name, next);
  return (
    <Stack gap="sm">
      <Title order={5}>{spec.type.replace('Node', ' node')}</Title>
      <NameInput
        label="node name"
        value={spec.name}
        readOnly={readOnly}
        taken={(n) => nodes.some((x) => x.id === n)}
        onCommit={(n) => renameNode(spec.name, n)}
        place={{
          segments: ['nodes', nodes.findIndex((x) => x.id === spec.name), 'name'],
          owner: `node "${spec.name}"`,
          node: spec.name,
        }}
      />
      <Textarea
        size="xs"
        label="description"
        autosize
        minRows={1}
        readOnly={readOnly}
        value={spec.description ?? ''}
        onChange={(e) => set({ ...spec, description: e.currentTarget.value || undefined })}
      />
      {problems?.length ? (
        <Alert color="red" p="xs" title={`${problems.length} problem(s)`}>
          {problems.map((p, i) => (
            <Text size="xs" key={i}>
              {p.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Divider />
      {spec.type === 'SubscriptionNode' && (
        <ComponentForm
          section="subscribers"
          name={spec.config.subscriber}
          catalog={catalog}
          readOnly={readOnly}
        />
      )}
      {spec.type === 'CalculationNode' && (
        <>
          {spec.config.calculator ? (
            <ComponentForm
              section="calculators"
              name={spec.config.calculator}
              catalog={catalog}
              readOnly={readOnly}
              node={spec.name}
            />
          ) : (
            <Text size="xs" c="dimmed">
              No calculator: the node passes on the merge of its parents.
            </Text>
          )}
          <Divider />
          <TransformerPicker
            label="input transformers"
            readOnly={readOnly}
            value={spec.config.input_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, input_transformers: v } })}
          />
          <TransformerPicker
            label="output transformers"
            readOnly={readOnly}
            value={spec.config.output_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, output_transformers: v } })}
          />
        </>
      )}
      {spec.type === 'PublicationNode' && (
        <>
          <PublisherForms
            publishers={spec.config.publishers}
            catalog={catalog}
            readOnly={readOnly}
          />
          <Divider />
          <TransformerPicker
            label="input transformers"
            readOnly={readOnly}
            value={spec.config.input_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, input_transformers: v } })}
          />
        </>
      )}
      {spec.type === 'MetronomeNode' && (
        <MetronomeFields spec={spec} set={set} catalog={catalog} readOnly={readOnly} />
      )}
      {(spec.type === 'SubscriptionNode' || spec.type === 'MetronomeNode') && (
        <SourceCompute
          calculator={spec.config.calculator}
          publishers={spec.config.publishers ?? []}
          catalog={catalog}
          readOnly={readOnly}
        />
      )}
      {spec.type === 'PublisherSinkNode' && (
        <>
          <Text size="xs" c="dimmed">
            Publishes the data of each incoming edge whose data changed, one message per edge.
          </Text>
          <PublisherPicker
            readOnly={readOnly}
            value={spec.config.publishers}
            onChange={(v) => set({ ...spec, config: { ...spec.config, publishers: v } })}
          />
          <PublisherForms
            publishers={spec.config.publishers}
            catalog={catalog}
            readOnly={readOnly}
          />
        </>
      )}
      {spec.type === 'SinkNode' && (
        <Text size="xs" c="dimmed">
          Ends a branch: it takes inputs and computes nothing.
        </Text>
      )}
    </Stack>
  );
}
