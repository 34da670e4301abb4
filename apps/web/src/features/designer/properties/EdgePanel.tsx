import { Select, Stack, Text, Title } from '@mantine/core';
import { useEditorStore } from '../store-context';

/** An edge: its ends and the transformer applied along it. */
export function EdgePanel({ id, readOnly }: { id: string; readOnly: boolean }) {
  const transformers = useEditorStore((s) => s.doc.transformers);
  const setEdgeTransformer = useEditorStore((s) => s.setEdgeTransformer);
  const spec = useEditorStore((s) => s.edges.find((e) => e.id === id)?.data?.spec);
  if (!spec) return null;
  return (
    <Stack gap="sm">
      <Title order={5}>Edge</Title>
      <Text size="sm">
        <b>{spec.from}</b> → <b>{spec.to}</b>
      </Text>
      <Select
        size="xs"
        label="transformer"
        description="applied to what flows along this edge"
        placeholder={transformers.length ? 'none' : 'add a transformer from the palette first'}
        clearable
        readOnly={readOnly}
        data={transformers.map((t) => ({ value: t.name, label: `${t.name} (${t.type})` }))}
        value={spec.transformer ?? null}
        onChange={(v) => setEdgeTransformer(id, v ?? undefined)}
      />
    </Stack>
  );
}
