import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorText } from '../../trpc';

/** A failed action, with the server's message (or its list of problems, one per line). */
export function notifyError(title: string, error: unknown) {
  notifications.show({
    color: 'red',
    title,
    autoClose: 10_000,
    message: (
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {errorText(error)}
      </Text>
    ),
  });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'green', message, autoClose: 4_000 });
}
