import { Alert, Center, Loader } from '@mantine/core';
import { errorText } from '../../trpc';

/** What an admin list shows while it loads. */
export function ListLoading() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  );
}

/** What an admin list shows when it could not be loaded: `Could not load <what>` and why. */
export function ListError({ what, error }: { what: string; error: unknown }) {
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert">
      {errorText(error)}
    </Alert>
  );
}
