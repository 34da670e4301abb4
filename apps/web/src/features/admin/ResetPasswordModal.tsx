import { Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { notifySuccess } from '../dashboard/notify';
import { useTRPC } from '../../trpc';
import { MutationError, SubmitActions } from '../../ui/FormParts';
import { passwordError } from './user-form';

export interface ResetTarget {
  id: number;
  username: string;
  /** The signed-in admin: a reset ends their own session too. */
  isSelf: boolean;
}

interface ResetPasswordModalProps {
  opened: boolean;
  /** Kept while the modal closes so its text does not vanish mid-animation. */
  user: ResetTarget | null;
  onClose: () => void;
}

export function ResetPasswordModal({ opened, user, onClose }: ResetPasswordModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Reset password" size="sm">
      {user && <ResetPasswordForm user={user} onDone={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ user, onDone }: { user: ResetTarget; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async () => {
        notifySuccess(`New password set for ${user.username}`);
        onDone();
        // Resetting one's own password ends one's own session: back to the login page.
        if (user.isSelf) await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordError(password);
    setError(problem);
    if (!problem) reset.mutate({ id: user.id, password });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          Set a new password for <b>{user.username}</b>.{' '}
          {user.isSelf
            ? 'This signs you out everywhere, including here.'
            : 'This signs them out everywhere.'}
        </Text>
        <MutationError error={reset.error} />
        <PasswordInput
          label="New password"
          description="At least 8 characters"
          required
          data-autofocus
          autoComplete="new-password"
          value={password}
          error={error}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <SubmitActions label="Set password" loading={reset.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
