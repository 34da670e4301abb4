import { Button, Group, Stack, Title } from '@mantine/core';
import { docIndex } from '../doc-index';
import { useEditorStore } from '../store-context';
import { ComponentForm } from './ComponentForm';
import type { PanelProps } from './panel-props';

/** A transformer's form (transformers are not nodes: the settings list them). */
export function TransformerPanel({ name, catalog, readOnly }: PanelProps & { name: string }) {
  const focusTransformer = useEditorStore((s) => s.focusTransformer);
  const used = useEditorStore((s) => docIndex(s.doc).transformers.has(name));
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={5}>Transformer</Title>
        <Button variant="subtle" onClick={() => focusTransformer(null)}>
          back to settings
        </Button>
      </Group>
      {used && (
        <ComponentForm section="transformers" name={name} catalog={catalog} readOnly={readOnly} />
      )}
    </Stack>
  );
}
