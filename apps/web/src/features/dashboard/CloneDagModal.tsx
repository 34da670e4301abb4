import { Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatWindow } from '../../format';
import { useTRPC, type DagSummary } from '../../trpc';
import { MutationError, SubmitActions } from '../../ui/FormParts';
import {
  parseCloneForm,
  suggestCloneName,
  type CloneForm,
  type CloneFormErrors,
} from './clone-form';
import { notifySuccess } from './notify';

interface CloneDagModalProps {
  opened: boolean;
  /** The DAG to clone; kept while the modal closes so its text does not vanish mid-animation. */
  dag: DagSummary | null;
  existingNames: readonly string[];
  onClose: () => void;
}

export function CloneDagModal({ opened, dag, existingNames, onClose }: CloneDagModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Clone DAG" size="md">
      {/* The modal unmounts its content when closed, so each opening starts from fresh fields. */}
      {dag && <CloneDagForm dag={dag} existingNames={existingNames} onDone={onClose} />}
    </Modal>
  );
}

function CloneDagForm({
  dag,
  existingNames,
  onDone,
}: {
  dag: DagSummary;
  existingNames: readonly string[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CloneForm>(() => ({
    newName: suggestCloneName(dag.name, existingNames),
    start: '',
    end: '',
  }));
  const [errors, setErrors] = useState<CloneFormErrors>({});
  const clone = useMutation(
    trpc.dags.clone.mutationOptions({
      onSuccess: async (_saved, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() });
        notifySuccess(`Cloned ${input.name} as ${input.newName}`);
        onDone();
      },
    }),
  );

  const field = (key: keyof CloneForm) => ({
    value: form[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [key]: value }));
      setErrors((errs) => ({ ...errs, [key]: undefined }));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCloneForm(dag.name, form, existingNames);
    if (!parsed.ok) return setErrors(parsed.errors);
    clone.mutate(parsed.input);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          Copies the latest saved version of <b>{dag.name}</b> into a new, stopped DAG.
        </Text>
        <MutationError error={clone.error} />
        <TextInput
          label="New name"
          description="Letters, digits and underscores, with at least one letter"
          required
          data-autofocus
          {...field('newName')}
        />
        <Group grow align="flex-start">
          <TextInput label="Window start" placeholder="HHMM, e.g. 0900" {...field('start')} />
          <TextInput label="Window end" placeholder="HHMM, e.g. 1730" {...field('end')} />
        </Group>
        <Text size="xs" c="dimmed">
          Leave both times empty to keep the source&apos;s window ({formatWindow(dag.window)}).
        </Text>
        <SubmitActions label="Clone" loading={clone.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
