import { Checkbox, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { notifySuccess } from '../dashboard/notify';
import { useTRPC } from '../../trpc';
import { MutationError, SubmitActions } from '../../ui/FormParts';
import {
  emptyForm,
  kindOptions,
  saslMechanisms,
  toSaveInput,
  type ConnectionForm,
} from './connection-form';

interface ConnectionModalProps {
  opened: boolean;
  /** The connection being edited (credentials as `***`), or undefined for a new one. */
  initial: ConnectionForm | undefined;
  onClose: () => void;
}

export function ConnectionModal({ opened, initial, onClose }: ConnectionModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={initial ? `Connection ${initial.name}` : 'New connection'}
      size="md"
    >
      {/* Unmounted while closed, so each opening starts from the connection's fields. */}
      <ConnectionFormView initial={initial} onDone={onClose} />
    </Modal>
  );
}

function ConnectionFormView({
  initial,
  onDone,
}: {
  initial: ConnectionForm | undefined;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ConnectionForm>(initial ?? emptyForm());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof ConnectionForm>(key: K, value: ConnectionForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation(
    trpc.connections.save.mutationOptions({
      onSuccess: async (_result, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
        notifySuccess(`Saved the ${input.kind} connection ${input.name}`);
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = toSaveInput(form);
    setErrors(result.errors ?? {});
    if (result.input) save.mutate(result.input);
  };
  const editing = initial !== undefined;
  const field = (key: keyof ConnectionForm, label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      value={String(form[key])}
      error={errors[key]}
      autoComplete="off"
      onChange={(e) => set(key, e.currentTarget.value as never)}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <MutationError error={save.error} />
        <Select
          label="Kind"
          data={[...kindOptions]}
          value={form.kind}
          allowDeselect={false}
          disabled={editing}
          onChange={(kind) => {
            const chosen = kindOptions.find((k) => k === kind);
            if (chosen) set('kind', chosen);
          }}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label="Name"
          description="what DAGs refer to: connection, or sql://NAME"
          required
          data-autofocus
          autoComplete="off"
          disabled={editing}
          value={form.name}
          error={errors.name}
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        {form.kind !== 'kafka' &&
          field(
            'url',
            'URL',
            editing
              ? 'the password shows as ***: keep it to keep the stored one (same host, port and user only)'
              : 'credentials may be in the URL: redis://:password@host:6379',
          )}
        {form.kind === 'sql' && field('table', 'Table')}
        {form.kind === 'sql' && field('cursorColumn', 'Cursor column')}
        {form.kind === 'kafka' && field('brokers', 'Brokers', 'host:port, comma-separated')}
        {form.kind === 'kafka' && field('clientId', 'Client id')}
        {form.kind === 'kafka' && (
          <Checkbox
            label="TLS"
            checked={form.ssl}
            onChange={(e) => set('ssl', e.currentTarget.checked)}
          />
        )}
        {form.kind === 'kafka' && (
          <Select
            label="SASL"
            data={[
              { value: '', label: 'none' },
              ...saslMechanisms.map((m) => ({ value: m, label: m })),
            ]}
            value={form.saslMechanism}
            allowDeselect={false}
            onChange={(m) => set('saslMechanism', saslMechanisms.find((x) => x === m) ?? '')}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {form.kind === 'kafka' && form.saslMechanism && field('saslUsername', 'SASL user')}
        {form.kind === 'kafka' && form.saslMechanism && (
          <PasswordInput
            label="SASL password"
            description={
              form.hasStoredPassword
                ? 'empty: keep the stored password (same brokers and user)'
                : undefined
            }
            placeholder={form.hasStoredPassword ? '***' : undefined}
            autoComplete="new-password"
            value={form.saslPassword}
            error={errors.saslPassword}
            onChange={(e) => set('saslPassword', e.currentTarget.value)}
          />
        )}
        <SubmitActions label="Save connection" loading={save.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
