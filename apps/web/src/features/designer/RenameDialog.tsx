import { Button, Group, Modal, TextInput } from '@mantine/core';
import { useState } from 'react';
import { isName } from '@flow/shared';
import { useEditorStoreApi } from './store-context';

/** Renames a node (the context menu's "Rename…"), refusing a bad or taken name beside the field. */
export function RenameDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const store = useEditorStoreApi();
  const [value, setValue] = useState(name);
  const next = value.trim();
  const error =
    next === name
      ? null
      : !isName(next)
        ? 'letters, digits and _ only, with a letter'
        : store.getState().nodes.some((n) => n.id === next)
          ? `${next} is taken`
          : null;
  const submit = () => {
    if (error) return;
    if (next !== name) store.getState().renameNode(name, next);
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={`Rename ${name}`} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <TextInput
          data-autofocus
          label="New name"
          value={value}
          error={error}
          onChange={(e) => setValue(e.currentTarget.value)}
        />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={error !== null}>
            Rename
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
