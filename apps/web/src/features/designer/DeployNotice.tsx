import { Alert, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { ApplyButton } from '../dashboard/DeployStatus';
import { pendingNotice, versionNote, type Deployment } from '../dashboard/deploy-view';

/**
 * The designer header's "running v3, latest v5" (nothing when the DAG runs its latest version).
 * Only on wide screens: the header is full below that, and the notice under it says the same.
 */
export function HeaderVersions({ dag }: { dag: Deployment | undefined }) {
  const note = dag && versionNote(dag);
  if (!dag || !note) return null;
  return (
    <Tooltip
      label={`Saves make new versions; the DAG runs v${dag.deployedVersion} until an admin applies another.`}
      multiline
      maw={300}
      withArrow
    >
      <Badge
        variant="light"
        color="orange"
        tt="none"
        visibleFrom="lg"
        data-testid="version-note"
        style={{ cursor: 'help', flexShrink: 0 }}
      >
        {note}
      </Badge>
    </Tooltip>
  );
}

/**
 * Under the header while a running or suspended DAG does not run its latest version: after this
 * page saved it, "Saved v5. The DAG keeps running v3 until an admin applies it."; an admin gets
 * the Apply button. Gone once the version is applied; dismissed until the versions change.
 */
export function VersionNotice({
  dag,
  savedVersion,
  canApply,
}: {
  dag: Deployment | undefined;
  /** The version this page saved last. */
  savedVersion: number | undefined;
  canApply: boolean;
}) {
  const [dismissed, setDismissed] = useState<string>();
  const text = pendingNotice(dag, savedVersion);
  const key = dag && `${dag.deployedVersion}/${dag.latestVersion}/${savedVersion}`;
  if (!text || !dag || key === dismissed) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      py={6}
      radius={0}
      icon={<IconInfoCircle size={18} />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setDismissed(key)}
      data-testid="version-notice"
    >
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">{text}</Text>
        {canApply && <ApplyButton dag={dag} size="xs" />}
      </Group>
    </Alert>
  );
}
