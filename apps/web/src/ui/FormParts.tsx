import { Alert, Button, Group } from '@mantine/core';
import { errorText } from '../trpc';

/** Why a mutation failed (each problem on its own line), or nothing when it has not. */
export function MutationError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" style={{ whiteSpace: 'pre-line' }}>
      {errorText(error)}
    </Alert>
  );
}

/** The foot of a form in a modal: Cancel, and the submit button (spinning while it runs). */
export function SubmitActions({
  label,
  loading,
  onCancel,
}: {
  label: string;
  loading: boolean;
  onCancel: () => void;
}) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading}>
        {label}
      </Button>
    </Group>
  );
}
