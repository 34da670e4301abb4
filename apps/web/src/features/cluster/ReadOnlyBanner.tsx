import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { bannerText } from './cluster-view';
import { useServerStatus } from './use-server-status';

/** Under the header while the server has not joined its cluster: why, and that it changes nothing. */
export function ReadOnlyBanner() {
  const status = useServerStatus().data;
  const text = status && bannerText(status);
  if (!text) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      radius={0}
      py={6}
      icon={<IconPlugConnectedX size={18} />}
      data-testid="read-only-banner"
      role="alert"
    >
      {text}
    </Alert>
  );
}
