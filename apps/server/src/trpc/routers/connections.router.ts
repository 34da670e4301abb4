import { connectionRefSchema, saveConnectionInputSchema } from '@flow/shared';
import { adminProcedure, router, viewerProcedure } from '../init';

/**
 * Named connections. Everyone sees names and kinds (the designer's connection choice); admins
 * also see the settings with credentials as `***`, and create, change and delete stored ones.
 */
export const connectionsRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.app.connections.list(ctx.user.role)),

  save: adminProcedure.input(saveConnectionInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.services.app.connections.save(input, ctx.user.username);
    return { ok: true };
  }),

  delete: adminProcedure.input(connectionRefSchema).mutation(async ({ ctx, input }) => {
    await ctx.services.app.connections.delete(input.kind, input.name, ctx.user.username);
    return { ok: true };
  }),
});
