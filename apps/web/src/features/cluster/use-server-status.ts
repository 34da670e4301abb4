import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { readOnlyReason } from './cluster-view';

/**
 * `server.status`, refreshed every 2 s: one query shared by the header, the banner and every
 * action that a read-only server refuses (so a failover shows within seconds).
 */
export function useServerStatus() {
  const trpc = useTRPC();
  return useQuery(trpc.server.status.queryOptions(undefined, { refetchInterval: 2_000 }));
}

/** Why changes are refused now (the server has not joined its cluster), or `null`. */
export function useReadOnlyReason(): string | null {
  return readOnlyReason(useServerStatus().data);
}
