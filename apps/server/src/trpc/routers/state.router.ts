import { tracked, TRPCError } from '@trpc/server';
import { watchInputSchema, type LiveEvent } from '@flow/shared';
import { TooManySubscriptionsError } from '../../live/sockets';
import { router, viewerProcedure } from '../init';

export const stateRouter = router({
  /**
   * Live state of one DAG: a snapshot of every node, then coalesced deltas (at most 10 a second)
   * with every node that changed: its figures and state, and the last input, output and errors of
   * the node named by `inspect`. Events are tracked, so a reconnecting client resumes; since
   * state is latest-value, it resumes with a fresh snapshot.
   */
  watch: viewerProcedure.input(watchInputSchema).subscription(async function* ({
    ctx,
    input,
    signal: request,
  }) {
    const { live: hub, sockets, app } = ctx.services;
    // Thrown in here, errors skip the mapping middleware: throw tRPC errors.
    if (!app.engine.has(input.dag))
      throw new TRPCError({ code: 'NOT_FOUND', message: `no DAG named "${input.dag}"` });
    let lease;
    try {
      lease = sockets.subscribe(ctx.session.id, ctx.session.expiresAt);
    } catch (error) {
      if (!(error instanceof TooManySubscriptionsError)) throw error;
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message });
    }
    try {
      // Ends when the client goes (request) or when the session ends (logout, expiry, disable).
      const signal = request ? AbortSignal.any([request, lease.signal]) : lease.signal;
      const queue: LiveEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = await hub.watch(
        input.dag,
        (event) => {
          // A slow client keeps only the newest snapshot-or-delta chain: merge deltas.
          const last = queue.at(-1);
          if (last && event.type === 'delta') {
            const byName = new Map(last.nodes.map((n) => [n.name, n]));
            for (const n of event.nodes) byName.set(n.name, n);
            queue[queue.length - 1] = {
              type: last.type,
              dag: event.dag,
              nodes: [...byName.values()],
            };
          } else queue.push(event);
          wake?.();
        },
        input.inspect,
      );
      let seq = Number(input.lastEventId ?? 0) || 0;
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal.aborted) {
          const event = queue.shift();
          if (event) {
            seq++;
            yield tracked(String(seq), event);
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        unsubscribe();
      }
    } finally {
      lease.release();
    }
    if (lease.signal.aborted)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'session ended' });
  }),
});
