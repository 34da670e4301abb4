import { Alert, Badge, Button, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconGitCompare } from '@tabler/icons-react';
import { useState } from 'react';
import { restoreConfirmText, type Deployment } from '../dashboard/deploy-view';
import { stateColor } from '../dashboard/StateBadge';
import { errorText, useTRPC } from '../../trpc';
import { restoreReplacesText } from './restore-text';
import { useEditorStore } from './store-context';
import { VersionDiffDialog } from './VersionDiffDialog';

/**
 * Every saved version of a DAG, newest first, with the one that runs marked; restoring (after a
 * confirm) saves an old version again as a new version, which runs only once an admin applies it.
 */
export function HistoryDrawer({
  name,
  opened,
  onClose,
  canRestore,
  deployment,
  onRestored,
}: {
  name: string;
  opened: boolean;
  onClose: () => void;
  canRestore: boolean;
  /** The DAG's state and versions, when it is on the server. */
  deployment: Deployment | undefined;
  onRestored: (version: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [comparing, setComparing] = useState<readonly [number, number] | null>(null);
  const unsaved = useEditorStore((s) => s.dirty);
  const history = useQuery(trpc.dags.history.queryOptions({ name }, { enabled: opened }));
  const restore = useMutation(
    trpc.dags.restore.mutationOptions({
      onSuccess: async (saved) => {
        notifications.show({ color: 'green', message: `Restored as version ${saved.version}` });
        await queryClient.invalidateQueries({ queryKey: trpc.dags.pathKey() });
        setConfirming(null);
        onRestored(saved.version);
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
    }),
  );
  const versions = [...(history.data ?? [])].sort((a, b) => b.version - a.version);
  const running = deployment && deployment.state !== 'stopped' ? deployment.deployedVersion : null;
  const latest = versions[0]?.version;
  return (
    <>
      <Drawer opened={opened} onClose={onClose} position="right" title={`Versions of ${name}`}>
        {history.isPending && <Text size="sm">Loading…</Text>}
        {history.error && <Text c="red">{errorText(history.error)}</Text>}
        <Timeline bulletSize={14} lineWidth={2}>
          {versions.map((v, i) => (
            <Timeline.Item
              key={v.version}
              data-testid={`version-${v.version}`}
              title={
                <Group gap="xs">
                  <Text fw={600}>v{v.version}</Text>
                  {i === 0 && <Badge size="xs">latest</Badge>}
                  {v.version === running && (
                    <Badge size="xs" color={deployment && stateColor[deployment.state]}>
                      {deployment?.state}
                    </Badge>
                  )}
                </Group>
              }
            >
              <Stack gap={4}>
                <Text size="xs" c="dimmed">
                  {new Date(v.createdAt).toLocaleString()} by {v.author}
                </Text>
                {v.comment && <Text size="xs">{v.comment}</Text>}
                {i > 0 && confirming !== v.version && latest !== undefined && (
                  <Group gap="xs">
                    <Button
                      variant="default"
                      w="fit-content"
                      leftSection={<IconGitCompare size={14} />}
                      onClick={() => setComparing([v.version, latest])}
                    >
                      Changes since v{v.version}
                    </Button>
                    {canRestore && (
                      <Button
                        variant="light"
                        w="fit-content"
                        onClick={() => setConfirming(v.version)}
                      >
                        Restore v{v.version}
                      </Button>
                    )}
                  </Group>
                )}
                {canRestore && confirming === v.version && (
                  <Alert color="blue" variant="light" p="xs" data-testid="restore-confirm">
                    <Stack gap="xs">
                      <Text size="xs" fw={600}>
                        Restore v{v.version}?
                      </Text>
                      <Text size="xs">
                        {restoreReplacesText(v.version, latest ?? v.version, unsaved)}
                      </Text>
                      <Text size="xs">{restoreConfirmText(v.version, deployment)}</Text>
                      <Group gap="xs">
                        <Button
                          size="xs"
                          loading={restore.isPending}
                          onClick={() => restore.mutate({ name, version: v.version })}
                        >
                          Restore as a new version
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                          Cancel
                        </Button>
                      </Group>
                    </Stack>
                  </Alert>
                )}
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      </Drawer>
      <VersionDiffDialog
        name={name}
        versions={versions.map((v) => v.version)}
        pair={comparing}
        onClose={() => setComparing(null)}
      />
    </>
  );
}
