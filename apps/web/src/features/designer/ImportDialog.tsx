import { Alert, Button, FileButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';

/** Import a DAG config from a file or pasted JSON. */
export function ImportDialog({
  opened,
  onClose,
  onImport,
}: {
  opened: boolean;
  onClose: () => void;
  /** Returns a problem to show, or undefined when the config was loaded. */
  onImport: (text: string) => Promise<string | undefined>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (value: string) => {
    const problem = await onImport(value);
    setError(problem);
    if (!problem) {
      setText('');
      onClose();
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Import a DAG" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Choose a DAG JSON file or paste its content. It replaces what is on the canvas (undo
          brings it back); save to store it.
        </Text>
        <FileButton
          accept="application/json,.json"
          onChange={async (file) => {
            if (file) await submit(await file.text());
          }}
        >
          {(props) => (
            <Button variant="light" {...props} data-testid="import-file">
              Choose a file…
            </Button>
          )}
        </FileButton>
        <Textarea
          label="or paste JSON"
          autosize
          minRows={6}
          maxRows={18}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          data-testid="import-text"
        />
        {error && (
          <Alert color="red" style={{ whiteSpace: 'pre-wrap' }}>
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!text.trim()} onClick={() => submit(text)}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
