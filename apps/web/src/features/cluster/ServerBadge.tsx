import {
  Anchor,
  Badge,
  Group,
  Popover,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import type { ClusterStatus, ServerStatus } from '@flow/shared';
import { formatDuration } from '../../format';
import {
  clusterFacts,
  headerLabel,
  memberRoleColor,
  memberRoleLabel,
  roleColor,
  sortedMembers,
} from './cluster-view';
import { useServerStatus } from './use-server-status';

/**
 * The header's `<instance> · <role>` badge (`data-testid="server-status"`, `data-role`). In a
 * cluster, a click opens the "Cluster" popover: mode, ZooKeeper, leader and epoch, the members.
 * `compact` (a narrow window): without the uptime (in its tooltip then) and narrower.
 */
export function ServerBadge({ compact = false }: { compact?: boolean }) {
  const status = useServerStatus();
  if (!status.data)
    return (
      <Badge color="gray" variant="light" data-testid="server-status">
        server {status.isError ? 'unreachable' : '…'}
      </Badge>
    );
  const data = status.data;
  const badge = (
    <Badge
      color={status.isError ? 'red' : roleColor[data.role]}
      variant="light"
      data-testid="server-status"
      data-role={data.role}
      maw={compact ? 180 : 260}
      // The role stays readable in a narrow header; a long instance name ends in an ellipsis.
      style={{
        textTransform: 'none',
        flexShrink: 0,
        cursor: data.cluster ? 'pointer' : undefined,
      }}
    >
      {status.isError
        ? 'server unreachable'
        : headerLabel(data, compact ? undefined : formatDuration(data.uptimeMs))}
    </Badge>
  );
  const summary = `${data.dags.running} running, ${data.dags.suspended} suspended, ${data.dags.stopped} stopped · store ${data.store} · v${data.version}`;
  if (!data.cluster)
    return (
      <Tooltip label={compact ? `up ${formatDuration(data.uptimeMs)} · ${summary}` : summary}>
        {badge}
      </Tooltip>
    );
  return (
    <Popover position="bottom-end" width={420} shadow="md" withArrow trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          aria-label={`Cluster: ${data.instance} is ${data.role}`}
          style={{ flexShrink: 0, display: 'flex' }}
        >
          {badge}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="cluster-popover">
        <ClusterPanel status={data} cluster={data.cluster} summary={summary} />
      </Popover.Dropdown>
    </Popover>
  );
}

function ClusterPanel({
  status,
  cluster,
  summary,
}: {
  status: ServerStatus;
  cluster: ClusterStatus;
  summary: string;
}) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>Cluster</Text>
        <Text size="xs" c="dimmed">
          this is {status.instance}, up {formatDuration(status.uptimeMs)}
        </Text>
      </Group>
      <Table fz="sm" verticalSpacing={2} withRowBorders={false}>
        <Table.Tbody>
          {clusterFacts(cluster).map((fact) => (
            <Table.Tr key={fact.label} data-testid={`cluster-${fact.label.toLowerCase()}`}>
              <Table.Td c="dimmed" w={90} style={{ verticalAlign: 'top' }}>
                {fact.label}
              </Table.Td>
              <Table.Td
                c={fact.label === 'Problem' ? 'orange' : undefined}
                style={{ overflowWrap: 'anywhere' }}
              >
                {fact.value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600}>
        Members ({cluster.members.length})
      </Text>
      {cluster.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          none known
        </Text>
      ) : (
        <Stack gap={4} data-testid="cluster-members">
          {sortedMembers(cluster).map((member) => (
            <Group
              key={`${member.name}-${member.seq}`}
              gap="xs"
              wrap="nowrap"
              data-testid={`cluster-member-${member.name}`}
            >
              <Badge
                size="sm"
                w={76}
                variant="light"
                color={memberRoleColor[member.role]}
                style={{ textTransform: 'none', flexShrink: 0 }}
              >
                {memberRoleLabel[member.role]}
              </Badge>
              <Text size="sm" fw={member.name === status.instance ? 700 : 400} truncate>
                {member.name}
              </Text>
              {member.url !== null && (
                <Anchor
                  href={member.url}
                  target="_blank"
                  rel="noreferrer"
                  size="xs"
                  truncate
                  style={{ marginLeft: 'auto' }}
                >
                  {member.url}
                </Anchor>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        In the cluster: {summary}
      </Text>
    </Stack>
  );
}
