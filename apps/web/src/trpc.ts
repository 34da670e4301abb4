import { QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@flow/server/router';
import type { DagDetailsView, DagListEntry, Role } from '@flow/shared';
import { create } from 'zustand';
import { socketState, type SocketState } from './socket-state';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** A DAG as the dashboard lists it: its summary and versions. */
export type DagSummary = DagListEntry;
export type DagDetails = DagDetailsView;
/** The API's types, written once in @flow/shared. */
export type {
  CatalogEntry,
  LiveEvent,
  LiveNode,
  NodeDetails,
  Role,
  ServerStatus,
  User,
} from '@flow/shared';

export type { SocketState } from './socket-state';

/** The websocket's state, shown in the header; the client reconnects by itself. */
export const useSocketState = create<{ state: SocketState; since: number }>(() => ({
  state: 'idle',
  since: Date.now(),
}));
const setSocket = (state: SocketState) => useSocketState.setState({ state, since: Date.now() });

export function createClients() {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        retry: (count, error) => !isAuthError(error) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const wsClient = createWSClient({
    url: `${scheme}://${location.host}/trpc`,
    lazy: { enabled: true, closeMs: 2_000 },
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
  });
  // The client's own view of the socket: a lazy close (nothing subscribed any more, as after
  // leaving the live view) is idle, only a socket lost while in use is reconnecting.
  wsClient.connectionState.subscribe({
    next: (s) => {
      const state = socketState(s.state, s.error !== null, useSocketState.getState().state);
      if (state !== useSocketState.getState().state) setSocket(state);
    },
  });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: '/trpc',
          headers: { 'x-flow-request': '1' },
          fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
        }),
      }),
    ],
  });
  return { queryClient, trpcClient, wsClient };
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function isAuthError(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}

/** A message for a person: the server's message, or the list of problems it returned. */
export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const problems = (error.data as { problems?: { path: string; message: string }[] } | undefined)
      ?.problems;
    if (problems?.length) return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export const can = {
  edit: (role: Role | undefined) => role === 'analyst' || role === 'admin',
  operate: (role: Role | undefined) => role === 'admin',
};
