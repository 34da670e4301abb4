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

/** The foot of a confirm dialog: Cancel (it has the focus when the dialog opens), and the action. */
export function ConfirmActions({
  label,
  loading,
  onConfirm,
  onCancel,
  color,
}: {
  label: string;
  loading: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** The action button's colour; the theme's primary colour when not given. */
  color?: string;
}) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel} data-autofocus>
        Cancel
      </Button>
      <Button color={color} loading={loading} onClick={onConfirm}>
        {label}
      </Button>
    </Group>
  );
}
