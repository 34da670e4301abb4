import { Button, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc';
import { ConfirmActions, MutationError } from '../../ui/FormParts';
import { applicableVersion, applyConfirmText, versionNote, type Deployment } from './deploy-view';
import { notifySuccess } from './notify';

/** "running v3, latest v5" under a DAG's state; nothing when it runs its latest version. */
export function VersionNote({ dag }: { dag: Deployment }) {
  const note = versionNote(dag);
  if (!note) return null;
  return (
    <Text
      size="xs"
      c="orange.8"
      style={{ whiteSpace: 'nowrap' }}
      data-testid="version-note"
      title={`Saves do not change what runs: an admin applies v${dag.latestVersion}.`}
    >
      {note}
    </Text>
  );
}

/**
 * An admin's "Apply vN" for a running or suspended DAG that does not run its latest version:
 * asks first (naming both versions), then deploys exactly the version it named.
 */
export function ApplyButton({
  dag,
  size = 'compact-xs',
}: {
  dag: Deployment;
  size?: ButtonProps['size'];
}) {
  const [opened, setOpened] = useState(false);
  const [target, setTarget] = useState<number | null>(null);
  const version = applicableVersion(dag);
  if (version === null && !opened) return null;
  return (
    <>
      {version !== null && (
        <Button
          size={size}
          variant="light"
          leftSection={<IconRocket size={12} />}
          aria-label={`Apply v${version} to ${dag.name}`}
          onClick={() => {
            setTarget(version);
            setOpened(true);
          }}
        >
          Apply v{version}
        </Button>
      )}
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Apply v${target ?? ''} to ${dag.name}`}
        size="md"
      >
        {target !== null && (
          <ConfirmApply dag={dag} version={target} onDone={() => setOpened(false)} />
        )}
      </Modal>
    </>
  );
}

function ConfirmApply({
  dag,
  version,
  onDone,
}: {
  dag: Deployment;
  version: number;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deploy = useMutation(
    trpc.dags.deploy.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.dags.pathKey() });
        notifySuccess(`${result.name} now runs v${result.deployedVersion}`);
        onDone();
      },
    }),
  );
  return (
    <Stack gap="sm">
      <Text size="sm">{applyConfirmText(dag, version)}</Text>
      <MutationError error={deploy.error} />
      <ConfirmActions
        label={`Apply v${version}`}
        loading={deploy.isPending}
        onConfirm={() => deploy.mutate({ name: dag.name, version })}
        onCancel={onDone}
      />
    </Stack>
  );
}
