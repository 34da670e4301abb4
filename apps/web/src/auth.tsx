import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Redirect, useLocation } from 'wouter';
import { useTRPC, type Role } from './trpc';

/** The logged-in user, or null. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
}

export function useRole(): Role | undefined {
  return useMe().data?.role;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const [location] = useLocation();
  if (me.isPending)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  if (!me.data) return <Redirect to={`/login?next=${encodeURIComponent(location)}`} />;
  return <>{children}</>;
}
