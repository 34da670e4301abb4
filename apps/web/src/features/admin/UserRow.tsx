import { Badge, Button, Group, Select, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@flow/shared';
import { formatDateTime } from '../../format';
import { notifyError, notifySuccess } from '../dashboard/notify';
import { useTRPC } from '../../trpc';
import { isRole, roleOptions } from './user-form';

export type { User } from '@flow/shared';

interface UserRowProps {
  user: User;
  /** The signed-in admin's own row: no role change and no disabling, so no lock-out. */
  isSelf: boolean;
  onResetPassword: (user: User) => void;
}

/**
 * One user (`data-testid="user-row-<name>"`): role select `Role of <name>`, buttons
 * `Reset password of <name>` and `Disable <name>` / `Enable <name>`.
 */
export function UserRow({ user, isSelf, onResetPassword }: UserRowProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: async (updated) => {
        await refresh();
        notifySuccess(`${updated.username} is now ${updated.role}`);
      },
      onError: (error) => notifyError(`Could not change the role of ${user.username}`, error),
    }),
  );
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({
      onSuccess: refresh,
      onError: (error, input) =>
        notifyError(`Could not ${input.disabled ? 'disable' : 'enable'} ${user.username}`, error),
    }),
  );

  const roleSelect = (
    <Select
      aria-label={`Role of ${user.username}`}
      size="xs"
      w={120}
      data={roleOptions.map(({ value, label }) => ({ value, label }))}
      value={user.role}
      allowDeselect={false}
      disabled={isSelf || setRole.isPending}
      onChange={(role) =>
        isRole(role) && role !== user.role && setRole.mutate({ id: user.id, role })
      }
    />
  );

  return (
    <Table.Tr data-testid={`user-row-${user.username}`} data-disabled={user.disabled}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600} c={user.disabled ? 'dimmed' : undefined}>
            {user.username}
          </Text>
          {isSelf && (
            <Badge size="xs" variant="outline">
              you
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {isSelf ? (
          <Tooltip label="You cannot change your own role" withArrow>
            <div>{roleSelect}</div>
          </Tooltip>
        ) : (
          roleSelect
        )}
      </Table.Td>
      <Table.Td>
        <Badge
          size="sm"
          variant="light"
          color={user.disabled ? 'gray' : 'green'}
          data-testid="user-status"
        >
          {user.disabled ? 'disabled' : 'active'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(user.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            variant="default"
            aria-label={`Reset password of ${user.username}`}
            onClick={() => onResetPassword(user)}
          >
            Reset password
          </Button>
          {!isSelf && (
            <Button
              variant="light"
              color={user.disabled ? 'green' : 'red'}
              w={80}
              aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}
              loading={setDisabled.isPending}
              onClick={() => setDisabled.mutate({ id: user.id, disabled: !user.disabled })}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
