import { Button, Group, JsonInput, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText, useTRPC } from '../../trpc';

const RECENT = 10;
const storageKey = (dag: string, node: string) => `flow.recent.${dag}.${node}`;

function readRecent(dag: string, node: string): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(dag, node)) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** What is wrong with the text as a message, or undefined when it is a JSON object. */
export function messageProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a message must be a JSON object, such as {"a": 1}';
  return undefined;
}

/** Admins send a JSON object into a subscriber node's source and watch it flow. */
export function PublishDialog({
  dag,
  node,
  onClose,
}: {
  dag: string;
  node: string | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState('{\n  \n}');
  const [touched, setTouched] = useState(false);
  const recent = node ? readRecent(dag, node) : [];
  const send = useMutation(
    trpc.publish.send.mutationOptions({
      onSuccess: (_data, input) => {
        const compact = JSON.stringify(input.message);
        const next = [compact, ...readRecent(dag, input.node).filter((r) => r !== compact)];
        localStorage.setItem(storageKey(dag, input.node), JSON.stringify(next.slice(0, RECENT)));
        notifications.show({ color: 'green', message: `Sent to ${input.node}` });
        onClose();
      },
    }),
  );
  const problem = messageProblem(text);
  return (
    <Modal opened={node !== null} onClose={onClose} title={`Publish to ${node ?? ''}`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The message enters the subscriber’s source as if it came from outside, then flows through
          the DAG.
        </Text>
        <JsonInput
          label="Message (a JSON object)"
          autosize
          minRows={5}
          maxRows={16}
          autoFocus
          value={text}
          onChange={(v) => {
            setText(v);
            setTouched(true);
          }}
          error={touched ? problem : undefined}
          data-testid="publish-json"
        />
        {send.error && (
          <Text c="red" size="sm">
            {errorText(send.error)}
          </Text>
        )}
        {recent.length > 0 && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              Recent
            </Text>
            {recent.map((r) => (
              <UnstyledButton
                key={r}
                onClick={() => setText(JSON.stringify(JSON.parse(r), null, 2))}
                style={{ fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}
              >
                {r}
              </UnstyledButton>
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={problem !== undefined}
            loading={send.isPending}
            onClick={() =>
              node &&
              send.mutate({ dag, node, message: JSON.parse(text) as Record<string, unknown> })
            }
          >
            Send
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
