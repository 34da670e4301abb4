import { Button, Paper, Table } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../../auth';
import { Page } from '../dashboard/Page';
import { useTRPC } from '../../trpc';
import { AdminOnly } from './AdminOnly';
import { CreateUserModal } from './CreateUserModal';
import { ListError, ListLoading } from './ListStatus';
import { ResetPasswordModal, type ResetTarget } from './ResetPasswordModal';
import { UserRow } from './UserRow';

/** Admins list users, create them, change roles, reset passwords, disable and enable them. */
export default function UsersPage() {
  const isAdmin = useMe().data?.role === 'admin';
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Users"
      description="Who may sign in, and what each may do."
      actions={
        isAdmin && (
          <Button leftSection={<IconUserPlus size={14} />} onClick={() => setCreating(true)}>
            New user
          </Button>
        )
      }
    >
      <AdminOnly>
        <UsersTable />
        <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      </AdminOnly>
    </Page>
  );
}

function UsersTable() {
  const trpc = useTRPC();
  const me = useMe().data;
  const users = useQuery(trpc.users.list.queryOptions());
  const [reset, setReset] = useState<{ user: ResetTarget; opened: boolean } | null>(null);

  if (users.isPending) return <ListLoading />;
  if (users.isError) return <ListError what="the users" error={users.error} />;
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720} type="native">
        <Table highlightOnHover verticalSpacing={6} fz="sm" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th w={140}>Role</Table.Th>
              <Table.Th w={110}>Status</Table.Th>
              <Table.Th w={180}>Created</Table.Th>
              <Table.Th w={1} style={{ textAlign: 'right' }}>
                Actions
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isSelf={user.username === me?.username}
                onResetPassword={(u) =>
                  setReset({
                    user: { id: u.id, username: u.username, isSelf: u.username === me?.username },
                    opened: true,
                  })
                }
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ResetPasswordModal
        opened={reset?.opened ?? false}
        user={reset?.user ?? null}
        onClose={() => setReset((r) => r && { ...r, opened: false })}
      />
    </Paper>
  );
}
