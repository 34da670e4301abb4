import { Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useEditorStore } from '../store-context';

/** An edge: its ends and the transformer applied along it. */
export function EdgePanel({ id, readOnly }: { id: string; readOnly: boolean }) {
  const transformers = useEditorStore((s) => s.doc.transformers);
  const setEdgeTransformer = useEditorStore((s) => s.setEdgeTransformer);
  const setEdgePname = useEditorStore((s) => s.setEdgePname);
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
      <PnameInput
        key={`${id}:${spec.pname ?? ''}`}
        value={spec.pname ?? ''}
        readOnly={readOnly}
        onCommit={(v) => setEdgePname(id, v === '' ? undefined : v)}
      />
    </Stack>
  );
}

/** The edge's `pname`, committed when the field is left or Enter is pressed (one undo step). */
function PnameInput({
  value,
  readOnly,
  onCommit,
}: {
  value: string;
  readOnly: boolean;
  onCommit: (v: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const commit = () => draft !== value && onCommit(draft);
  return (
    <TextInput
      size="xs"
      label="pname"
      description="nests the parent's output under this key where the node merges its inputs"
      placeholder="none: merged at the top level"
      readOnly={readOnly}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
