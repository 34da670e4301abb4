import { Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { notifySuccess } from '../dashboard/notify';
import { useTRPC, type Role } from '../../trpc';
import { MutationError, SubmitActions } from '../../ui/FormParts';
import { isRole, passwordError, roleOptions, usernameError } from './user-form';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New user" size="sm">
      {/* Unmounted while closed, so each opening starts from empty fields. */}
      <CreateUserForm onDone={onClose} />
    </Modal>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        notifySuccess(`Created ${user.username} (${user.role})`);
        onDone();
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { username: usernameError(username.trim()), password: passwordError(password) };
    setErrors(found);
    if (found.username || found.password) return;
    create.mutate({ username: username.trim(), password, role });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <MutationError error={create.error} />
        <TextInput
          label="User name"
          required
          data-autofocus
          autoComplete="off"
          value={username}
          error={errors.username}
          onChange={(e) => setUsername(e.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          description="At least 8 characters"
          required
          autoComplete="new-password"
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Select
          label="Role"
          data={roleOptions.map(({ value, label }) => ({ value, label }))}
          description={roleOptions.find((r) => r.value === role)?.description}
          allowDeselect={false}
          value={role}
          onChange={(value) => isRole(value) && setRole(value)}
          comboboxProps={{ withinPortal: true }}
        />
        <SubmitActions label="Create user" loading={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
