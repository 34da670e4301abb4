import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { errorText, useTRPC, useTRPCClient } from '../../trpc';
import { useDraftState } from './draft-store';

/**
 * The draft of the DAG the designer opens (none in the live view, which shows what runs), and
 * the saving of one: a config with problems is stored as its DAG's draft, saying so.
 */
export function useDraft(name: string | undefined, live: boolean) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const enabled = name !== undefined && !live;
  const query = useQuery(
    trpc.dags.getDraft.queryOptions({ name: name ?? '' }, { enabled, staleTime: 0 }),
  );
  // The notice belongs to this page: gone when another DAG is opened or the page is left.
  useEffect(() => {
    useDraftState.setState({ draft: undefined });
    return () => useDraftState.setState({ draft: undefined });
  }, [name, live]);

  const save = useMutation({
    mutationFn: async (config: unknown) => {
      const saved = await client.dags.saveDraft.mutate({ config });
      const draft = await client.dags.getDraft.query({ name: saved.name });
      return { saved, draft };
    },
    onSuccess: ({ saved }) =>
      notifications.show({
        color: 'yellow',
        title: 'Saved as a draft',
        message: `${saved.name} has ${saved.problems} problem(s): it is kept as a draft, and cannot be started or deployed until it is saved without problems.`,
        autoClose: 8000,
      }),
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'Draft not saved',
        message: errorText(error),
        autoClose: 8000,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.dags.pathKey() }),
  });

  return {
    /** The stored draft; `undefined` while it loads (or when none is asked for). */
    draft: enabled ? query.data : null,
    pending: enabled && query.isPending,
    save,
  };
}
