import { TRPCError } from '@trpc/server';
import { loginInputSchema, type SessionUser } from '@flow/shared';
import { dummyHash, verifyPassword } from '../../auth/passwords';
import { publicProcedure, router } from '../init';

export const authRouter = router({
  login: publicProcedure
    .input(loginInputSchema)
    .mutation(async ({ ctx, input }): Promise<SessionUser> => {
      const { app } = ctx.services;
      const wait = await ctx.limitLogin(input.username);
      if (wait !== undefined) {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `too many login attempts; try again in ${wait} s`,
        });
      }
      const found = await app.users.findForLogin(input.username);
      // One argon2 verify on every path, so the answer's time does not tell whether the user
      // exists or is disabled.
      const usable = found !== undefined && !found.user.disabled;
      const matches = await verifyPassword(
        usable ? found.passwordHash : await dummyHash(),
        input.password,
      );
      const valid = usable && matches;
      if (!found || !valid) {
        await app.audit.record(input.username, 'auth.login_failed', null, { ip: ctx.ip });
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong user name or password' });
      }
      const sessionId = await app.sessions.create(found.user.id);
      ctx.setCookie(sessionId);
      return { username: found.user.username, role: found.user.role };
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) {
      await ctx.services.app.sessions.delete(ctx.session.id);
      ctx.services.sockets.closeSession(ctx.session.id);
    }
    ctx.setCookie(null);
    return { ok: true };
  }),

  me: publicProcedure.query(({ ctx }): SessionUser | null =>
    ctx.session ? { username: ctx.session.user.username, role: ctx.session.user.role } : null,
  ),
});
