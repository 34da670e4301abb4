import { Alert, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { ApplyButton } from '../pages/DeployStatus';
import { savedNotice, versionNote, type Deployment } from '../pages/deploy-view';

/**
 * The designer header's "running v3, latest v5" (nothing when the DAG runs its latest version),
 * with an admin's "Apply v5" unless the saved notice below already offers it.
 */
export function HeaderVersions({
  dag,
  canApply,
}: {
  dag: Deployment | undefined;
  canApply: boolean;
}) {
  const note = dag && versionNote(dag);
  if (!dag || !note) return null;
  return (
    <>
      <Tooltip
        label={`Saves make new versions; v${dag.deployedVersion} runs until an admin applies another.`}
        multiline
        maw={300}
        withArrow
      >
        <Badge variant="light" color="orange" data-testid="version-note" style={{ cursor: 'help' }}>
          {note}
        </Badge>
      </Tooltip>
      {canApply && <ApplyButton dag={dag} size="xs" />}
    </>
  );
}

/**
 * After a save into a running or suspended DAG: "Saved v5. The DAG keeps running v3 until an
 * admin applies it.", with the admin's Apply button; gone once the version is applied.
 */
export function SavedNotice({
  version,
  dag,
  canApply,
  onClose,
}: {
  version: number | undefined;
  dag: Deployment | undefined;
  canApply: boolean;
  onClose: () => void;
}) {
  const text = version !== undefined ? savedNotice(version, dag) : null;
  if (!text || !dag) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      py={6}
      radius={0}
      icon={<IconInfoCircle size={18} />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      data-testid="saved-notice"
    >
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">{text}</Text>
        {canApply && <ApplyButton dag={dag} size="xs" />}
      </Group>
    </Alert>
  );
}

/** True while the saved notice shows (the header then leaves the Apply button to it). */
export function showsSavedNotice(version: number | undefined, dag: Deployment | undefined) {
  return version !== undefined && savedNotice(version, dag) !== null;
}
