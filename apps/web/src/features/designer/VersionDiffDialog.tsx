import { Alert, Group, Loader, Modal, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { errorText, useTRPC } from '../../trpc';
import { versionDiff } from './version-diff';
import { VersionDiffView } from './VersionDiffView';

/**
 * Two saved versions of a DAG side by side as a diff: what the newer one added, removed and
 * changed (nodes, components, edges, settings). Opened from the History drawer with a pair;
 * either side can be changed here.
 */
export function VersionDiffDialog({
  name,
  versions,
  pair,
  onClose,
}: {
  name: string;
  /** Every saved version, newest first. */
  versions: readonly number[];
  /** [older, newer] to show first; null: closed. */
  pair: readonly [number, number] | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  useEffect(() => {
    if (!pair) return;
    setFrom(pair[0]);
    setTo(pair[1]);
  }, [pair]);
  const enabled = pair !== null && from !== undefined && to !== undefined;
  const older = useQuery(trpc.dags.get.queryOptions({ name, version: from ?? 1 }, { enabled }));
  const newer = useQuery(trpc.dags.get.queryOptions({ name, version: to ?? 1 }, { enabled }));
  const diff = useMemo(
    () => (older.data && newer.data ? versionDiff(older.data.config, newer.data.config) : null),
    [older.data, newer.data],
  );
  const options = versions.map((v) => ({ value: String(v), label: `v${v}` }));
  const error = older.error ?? newer.error;
  return (
    <Modal
      opened={pair !== null}
      onClose={onClose}
      size="xl"
      title={`Changes in ${name}`}
      data-testid="version-diff-dialog"
    >
      <Group gap="xs" mb="md" align="end">
        <Select
          label="From"
          w={110}
          data={options}
          value={from === undefined ? null : String(from)}
          onChange={(v) => v && setFrom(Number(v))}
          allowDeselect={false}
          data-testid="diff-from"
        />
        <Text pb={6}>→</Text>
        <Select
          label="To"
          w={110}
          data={options}
          value={to === undefined ? null : String(to)}
          onChange={(v) => v && setTo(Number(v))}
          allowDeselect={false}
          data-testid="diff-to"
        />
        <Text size="xs" c="dimmed" pb={8}>
          Struck through: as in v{from}; in green: as in v{to}.
        </Text>
      </Group>
      {error && <Alert color="red">{errorText(error)}</Alert>}
      {!error && !diff && <Loader size="sm" />}
      {diff && <VersionDiffView diff={diff} />}
    </Modal>
  );
}
