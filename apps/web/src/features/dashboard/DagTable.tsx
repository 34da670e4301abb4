import { Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'wouter';
import { formatCount, formatRate } from '../../format';
import { can, type DagSummary, type Role } from '../../trpc';
import { hasOwners, ownersText } from '../cluster/cluster-view';
import { DraftBadge } from '../drafts/DraftList';
import { DagActions } from './DagActions';
import { ApplyButton, VersionNote } from './DeployStatus';
import { scheduleView } from './schedule-view';
import { StateBadge } from './StateBadge';

const numeric: CSSProperties = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' };

interface DagTableProps {
  dags: readonly DagSummary[];
  role: Role | undefined;
  onClone: (dag: DagSummary) => void;
  onDelete: (dag: DagSummary) => void;
  /** Shown in place of the table when there are no rows. */
  empty?: ReactNode;
}

/**
 * One row per DAG (`data-testid="dag-row-<name>"`), with its state (and, when a save is not
 * applied yet, "running v3, latest v5" with an admin's "Apply v5"), in a cluster the instances
 * that run it, the worker thread it runs in, window, size, rate and errors. A failed DAG shows why under its name.
 */
export function DagTable({ dags, role, onClone, onDelete, empty }: DagTableProps) {
  if (dags.length === 0 && empty) return <>{empty}</>;
  // No worker column when every DAG runs in the server's own thread (DAG_WORKERS=0).
  const workers = dags.some((d) => d.worker !== undefined);
  // An Owner column in a cluster: which instance runs each DAG.
  const owners = hasOwners(dags);
  const minWidth = 860 + (workers ? 80 : 0) + (owners ? 120 : 0);
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table highlightOnHover verticalSpacing={6} fz="sm" data-testid="dag-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>DAG</Table.Th>
            <Table.Th w={160}>State</Table.Th>
            {owners && <Table.Th w={120}>Owner</Table.Th>}
            {workers && <Table.Th w={80}>Worker</Table.Th>}
            <Table.Th w={170}>Time window</Table.Th>
            <Table.Th w={70} style={numeric}>
              Nodes
            </Table.Th>
            <Table.Th w={100} style={numeric}>
              Rate
            </Table.Th>
            <Table.Th w={80} style={numeric}>
              Errors
            </Table.Th>
            <Table.Th w={1} style={{ textAlign: 'right' }}>
              Actions
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dags.map((dag) => (
            <DagRow
              key={dag.name}
              dag={dag}
              workers={workers}
              owners={owners}
              role={role}
              onClone={onClone}
              onDelete={onDelete}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DagRow({
  dag,
  workers,
  owners,
  ...actions
}: { dag: DagSummary; workers: boolean; owners: boolean } & Omit<DagTableProps, 'dags' | 'empty'>) {
  return (
    <Table.Tr data-testid={`dag-row-${dag.name}`} data-state={dag.state}>
      <Table.Td maw={0} style={{ minWidth: 220 }}>
        <Anchor component={Link} href={`/dags/${dag.name}`} fw={600} size="sm">
          {dag.name}
        </Anchor>
        <DraftBadge name={dag.name} />
        {dag.description && (
          <Text size="xs" c="dimmed" lineClamp={1} title={dag.description}>
            {dag.description}
          </Text>
        )}
        {dag.state === 'failed' && dag.stateReason && <FailureLine reason={dag.stateReason} />}
      </Table.Td>
      <Table.Td data-testid="dag-version">
        <Stack gap={4} align="flex-start">
          <StateBadge state={dag.state} reason={dag.stateReason} />
          <VersionNote dag={dag} />
          {can.operate(actions.role) && <ApplyButton dag={dag} />}
        </Stack>
      </Table.Td>
      {owners && (
        <Table.Td data-testid="dag-owner">
          <Text span size="sm" c={dag.owners?.length ? undefined : 'dimmed'}>
            {ownersText(dag.owners)}
          </Text>
        </Table.Td>
      )}
      {workers && (
        <Table.Td data-testid="dag-worker">
          {dag.worker !== undefined ? (
            <Tooltip label={`Runs in worker thread ${dag.worker}`} openDelay={400} withArrow>
              <Badge variant="default" size="sm" radius="sm">
                W{dag.worker}
              </Badge>
            </Tooltip>
          ) : (
            <Text span size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
      )}
      <Table.Td>
        <ScheduleCell dag={dag} />
      </Table.Td>
      <Table.Td style={numeric}>{dag.nodeCount}</Table.Td>
      <Table.Td style={numeric} data-testid="dag-rate">
        <Text span size="sm" c={dag.rate > 0 ? undefined : 'dimmed'}>
          {formatRate(dag.rate)}
        </Text>{' '}
        <Text span size="xs" c="dimmed">
          msg/s
        </Text>
      </Table.Td>
      <Table.Td style={numeric} data-testid="dag-errors">
        {dag.errorCount > 0 ? (
          <Badge color="red" variant="filled" size="sm">
            {formatCount(dag.errorCount)}
          </Badge>
        ) : (
          <Text span size="sm" c="dimmed">
            0
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <DagActions dag={dag} {...actions} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Why the watchdog failed the DAG, readable under its name (not only as the badge's tooltip). */
function FailureLine({ reason }: { reason: string }) {
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" mt={2} data-testid="dag-failure">
      <Text span c="red" lh={1} mt={2}>
        <IconAlertTriangle size={13} aria-hidden />
      </Text>
      <Text size="xs" c="red">
        {reason}
      </Text>
    </Group>
  );
}

/** The window, the schedule under it, and why they hold the DAG off now. */
function ScheduleCell({ dag }: { dag: DagSummary }) {
  const view = scheduleView(dag);
  return (
    <>
      <Text
        size="sm"
        c={dag.window || dag.schedule ? undefined : 'dimmed'}
        style={{ whiteSpace: 'nowrap' }}
      >
        {view.window}
      </Text>
      {view.schedule && (
        <Text size="xs" c="dimmed" data-testid="dag-schedule">
          {view.schedule}
        </Text>
      )}
      {view.off && (
        <Text size="xs" c="yellow.8" data-testid="dag-off-reason">
          {view.off}
        </Text>
      )}
    </>
  );
}
