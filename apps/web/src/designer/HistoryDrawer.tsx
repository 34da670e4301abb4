import { Badge, Button, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { errorText, useTRPC } from '../trpc';

/** Every saved version of a DAG, newest first; restoring saves it again as a new version. */
export function HistoryDrawer({
  name,
  opened,
  onClose,
  canRestore,
  onRestored,
}: {
  name: string;
  opened: boolean;
  onClose: () => void;
  canRestore: boolean;
  onRestored: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.dags.history.queryOptions({ name }, { enabled: opened }));
  const restore = useMutation(
    trpc.dags.restore.mutationOptions({
      onSuccess: async (saved) => {
        notifications.show({ color: 'green', message: `Restored as version ${saved.version}` });
        await queryClient.invalidateQueries({ queryKey: trpc.dags.pathKey() });
        onRestored();
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
    }),
  );
  const versions = [...(history.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Drawer opened={opened} onClose={onClose} position="right" title={`Versions of ${name}`}>
      {history.isPending && <Text size="sm">Loading…</Text>}
      {history.error && <Text c="red">{errorText(history.error)}</Text>}
      <Timeline bulletSize={14} lineWidth={2}>
        {versions.map((v, i) => (
          <Timeline.Item
            key={v.version}
            title={
              <Group gap="xs">
                <Text fw={600}>v{v.version}</Text>
                {i === 0 && <Badge size="xs">current</Badge>}
              </Group>
            }
          >
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {new Date(v.createdAt).toLocaleString()} by {v.author}
              </Text>
              {v.comment && <Text size="xs">{v.comment}</Text>}
              {canRestore && i > 0 && (
                <Button
                  variant="light"
                  w="fit-content"
                  loading={restore.isPending && restore.variables.version === v.version}
                  onClick={() => restore.mutate({ name, version: v.version })}
                >
                  Restore v{v.version}
                </Button>
              )}
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
    </Drawer>
  );
}
