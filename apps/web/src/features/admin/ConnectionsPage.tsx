import { Badge, Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConnectionSummary } from '@flow/shared';
import { useMe } from '../../auth';
import { formatDateTime } from '../../format';
import { notifyError, notifySuccess } from '../dashboard/notify';
import { Page } from '../dashboard/Page';
import { useTRPC } from '../../trpc';
import { AdminOnly } from './AdminOnly';
import { describeSettings, formFromSummary, type ConnectionForm } from './connection-form';
import { ConnectionModal } from './ConnectionModal';
import { ListError, ListLoading } from './ListStatus';

/** Admins list, create, change and delete the named connections DAGs use. */
export default function ConnectionsPage() {
  const isAdmin = useMe().data?.role === 'admin';
  const [editing, setEditing] = useState<{ initial?: ConnectionForm; opened: boolean }>({
    opened: false,
  });
  return (
    <Page
      title="Connections"
      description="Brokers and databases DAGs connect to by name. Credentials never leave the server."
      actions={
        isAdmin && (
          <Button
            leftSection={<IconPlugConnected size={14} />}
            onClick={() => setEditing({ opened: true })}
          >
            New connection
          </Button>
        )
      }
    >
      <AdminOnly>
        <ConnectionsTable
          onEdit={(c) => setEditing({ initial: formFromSummary(c), opened: true })}
        />
        {editing.opened && (
          <ConnectionModal
            opened
            initial={editing.initial}
            onClose={() => setEditing({ opened: false })}
          />
        )}
      </AdminOnly>
    </Page>
  );
}

function ConnectionsTable({ onEdit }: { onEdit: (c: ConnectionSummary) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.connections.list.queryOptions());
  const remove = useMutation(
    trpc.connections.delete.mutationOptions({
      onSuccess: async (_r, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
        notifySuccess(`Deleted the ${input.kind} connection ${input.name}`);
      },
      onError: (error, input) => notifyError(`Could not delete ${input.name}`, error),
    }),
  );
  if (list.isPending) return <ListLoading />;
  if (list.isError) return <ListError what="the connections" error={list.error} />;
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720} type="native">
        <Table highlightOnHover verticalSpacing={6} fz="sm" data-testid="connections-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={90}>Kind</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th w={200}>Changed</Table.Th>
              <Table.Th w={1} style={{ textAlign: 'right' }}>
                Actions
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed">
                    No connections yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {list.data.map((c) => (
              <Table.Tr key={`${c.kind}/${c.name}`} data-testid={`connection-row-${c.name}`}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" size="sm">
                    {c.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {describeSettings(c)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.origin === 'settings' ? (
                    <Text size="sm" c="dimmed">
                      from the server settings
                    </Text>
                  ) : (
                    <Text size="sm">
                      {c.updatedAt ? formatDateTime(c.updatedAt) : ''} {c.updatedBy ?? ''}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.origin === 'stored' && (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button size="compact-xs" variant="default" onClick={() => onEdit(c)}>
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${c.name}`}
                        loading={remove.isPending && remove.variables?.name === c.name}
                        onClick={() => {
                          if (window.confirm(`Delete the ${c.kind} connection ${c.name}?`))
                            remove.mutate({ kind: c.kind, name: c.name });
                        }}
                      >
                        Delete
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
