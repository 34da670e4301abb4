import {
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Center,
  Code,
  Group,
  Paper,
  Table,
  Text,
} from '@mantine/core';
import { IconFilter, IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { formatDateTime, formatJsonCompact } from '../../format';
import { Page } from '../dashboard/Page';
import { errorText, useTRPC, useTRPCClient } from '../../trpc';
import { AdminOnly } from './AdminOnly';
import {
  actionColor,
  AUDIT_PAGE_SIZE,
  filterByAction,
  olderCursor,
  type AuditEntry,
} from './audit-view';
import { ListError, ListLoading } from './ListStatus';

/** The audit log, newest first, a page at a time ("Load older"), filtered by action. */
export default function AuditPage() {
  return (
    <Page title="Audit log" description="What admins, analysts and the system did, newest first.">
      <AdminOnly>
        <AuditLog />
      </AdminOnly>
    </Page>
  );
}

function AuditLog() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [filter, setFilter] = useState('');
  // `audit.list` pages with `before` (an id), not tRPC's `cursor`, so the pages are fetched here.
  const log = useInfiniteQuery({
    queryKey: [...trpc.audit.list.pathKey(), 'pages'],
    queryFn: ({ pageParam }) =>
      client.audit.list.query({ limit: AUDIT_PAGE_SIZE, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: olderCursor,
  });
  const entries = useMemo(() => log.data?.pages.flat() ?? [], [log.data]);
  const actions = useMemo(() => [...new Set(entries.map((e) => e.action))].sort(), [entries]);
  const shown = filterByAction(entries, filter);

  if (log.isPending) return <ListLoading />;
  if (log.isError && !log.data) return <ListError what="the audit log" error={log.error} />;
  return (
    <Paper withBorder>
      <Group px="sm" py="xs" justify="space-between" wrap="nowrap">
        <Autocomplete
          aria-label="Filter by action"
          placeholder="Filter by action, e.g. dag.start"
          size="xs"
          w={280}
          leftSection={<IconFilter size={14} />}
          data={actions}
          value={filter}
          onChange={setFilter}
          clearable
          data-testid="audit-filter"
        />
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {filter.trim()
              ? `${shown.length} of ${entries.length} loaded`
              : `${entries.length} loaded`}
          </Text>
          <Button
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={log.isRefetching && !log.isFetchingNextPage}
            onClick={() => log.refetch()}
          >
            Refresh
          </Button>
        </Group>
      </Group>
      {log.isError && (
        <Alert color="red" variant="light" mx="sm" mb="xs" py="xs" role="alert">
          {errorText(log.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={820} type="native">
        <Table highlightOnHover verticalSpacing={4} fz="sm" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>Time</Table.Th>
              <Table.Th w={130}>Actor</Table.Th>
              <Table.Th w={170}>Action</Table.Th>
              <Table.Th w={180}>DAG</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
            {shown.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed" ta="center" py="md">
                    {entries.length === 0
                      ? 'Nothing recorded yet.'
                      : `No loaded entry has an action containing “${filter.trim()}”.${log.hasNextPage ? ' Load older entries to search further back.' : ''}`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Center py="sm">
        {log.hasNextPage ? (
          <Button
            variant="default"
            loading={log.isFetchingNextPage}
            onClick={() => log.fetchNextPage()}
          >
            Load older
          </Button>
        ) : (
          entries.length > 0 && (
            <Text size="xs" c="dimmed">
              The start of the log.
            </Text>
          )
        )}
      </Center>
    </Paper>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const detail = formatJsonCompact(entry.detail);
  return (
    <Table.Tr data-testid={`audit-row-${entry.id}`}>
      <Table.Td style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        <Text size="sm" title={entry.at}>
          {formatDateTime(entry.at)}
        </Text>
      </Table.Td>
      <Table.Td>{entry.actor}</Table.Td>
      <Table.Td>
        <Badge variant="light" size="sm" color={actionColor(entry.action)} tt="none">
          {entry.action}
        </Badge>
      </Table.Td>
      <Table.Td>
        {entry.dag ? (
          <Anchor component={Link} href={`/dags/${entry.dag}`} size="sm">
            {entry.dag}
          </Anchor>
        ) : (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={0}>
        {entry.detail === null ? (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Code
            title={detail}
            style={{
              display: 'block',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {detail}
          </Code>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
