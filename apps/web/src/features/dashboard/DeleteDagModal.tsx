import { Alert, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText, useTRPC, type DagSummary } from '../../trpc';
import { ConfirmActions } from '../../ui/FormParts';
import { notifySuccess } from './notify';

interface DeleteDagModalProps {
  opened: boolean;
  /** The DAG to delete; kept while the modal closes so its text does not vanish mid-animation. */
  dag: DagSummary | null;
  onClose: () => void;
}

export function DeleteDagModal({ opened, dag, onClose }: DeleteDagModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Delete DAG" size="md">
      {dag && <ConfirmDelete dag={dag} onDone={onClose} />}
    </Modal>
  );
}

function ConfirmDelete({ dag, onDone }: { dag: DagSummary; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.dags.delete.mutationOptions({
      onSuccess: async (_result, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() });
        notifySuccess(`Deleted ${input.name}`);
        onDone();
      },
    }),
  );
  return (
    <Stack gap="sm">
      <Text size="sm">
        Delete <b>{dag.name}</b>? It is stopped and removed from the server, and it disappears from
        the dashboard.
      </Text>
      {remove.error && (
        <Alert color="red" role="alert">
          {errorText(remove.error)}
        </Alert>
      )}
      <ConfirmActions
        label="Delete DAG"
        color="red"
        loading={remove.isPending}
        onConfirm={() => remove.mutate({ name: dag.name })}
        onCancel={onDone}
      />
    </Stack>
  );
}
