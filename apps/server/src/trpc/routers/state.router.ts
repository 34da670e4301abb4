import { tracked } from '@trpc/server';
import { z } from 'zod';
import { NotFoundError } from '@flow/engine';
import { nameSchema } from '@flow/shared';
import type { LiveEvent } from '../../live/live-hub';
import { router, viewerProcedure } from '../init';

export const stateRouter = router({
  /**
   * Live state of one DAG: a snapshot of every node, then coalesced deltas (at most 10 a second)
   * with every node that changed: its figures and state, and the last input, output and errors of
   * the node named by `inspect`. Events are tracked, so a reconnecting client resumes; since
   * state is latest-value, it resumes with a fresh snapshot.
   */
  watch: viewerProcedure
    .input(
      z.object({
        dag: nameSchema,
        inspect: nameSchema.optional(),
        lastEventId: z.string().nullish(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const hub = ctx.services.live;
      if (!ctx.services.app.engine.has(input.dag))
        throw new NotFoundError(`no DAG named "${input.dag}"`);
      const queue: LiveEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = hub.watch(
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
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal?.aborted) {
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
        signal?.removeEventListener('abort', onAbort);
        unsubscribe();
      }
    }),
});
