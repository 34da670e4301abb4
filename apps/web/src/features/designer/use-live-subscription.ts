import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLive, type LiveEvent } from '../live/store';
import { useTRPC } from '../../trpc';
import { useEditorStore } from './store-context';

/**
 * The live view's state stream of DAG `name` into the live store, with the one node selected
 * inspected (its input, output and errors come in the stream too). A subscription cut off tries
 * again on its own.
 */
export function useLiveSubscription({ name, live }: { name: string | undefined; live: boolean }) {
  const trpc = useTRPC();
  // Live state while in the live view.
  useEffect(() => {
    useLive.getState().reset();
  }, [name, live]);
  // None kept (nor its rate sampling: live/store.ts) once the page is left.
  useEffect(() => () => useLive.getState().reset(), []);
  const selected = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)),
  );
  // The one node selected is inspected: it gets its input, output and errors in the live stream.
  const inspected = selected.length === 1 ? selected[0] : undefined;
  const subscription = useSubscription(
    trpc.state.watch.subscriptionOptions(
      { dag: name ?? '', ...(inspected !== undefined ? { inspect: inspected } : {}) },
      {
        enabled: live && name !== undefined,
        onData: (event) => {
          const payload = (event as { data?: unknown }).data ?? event;
          useLive.getState().apply(payload as LiveEvent);
        },
      },
    ),
  );
  // A subscription cut off (the socket closed while it was being opened, say) tries again: the
  // live view mends itself, as it does when the server restarts.
  const resubscribe = useRef(subscription.reset);
  resubscribe.current = subscription.reset;
  useEffect(() => {
    if (subscription.status !== 'error') return;
    const timer = setTimeout(() => resubscribe.current(), 2_000);
    return () => clearTimeout(timer);
  }, [subscription.status]);

  return { inspected, status: subscription.status, error: subscription.error };
}
