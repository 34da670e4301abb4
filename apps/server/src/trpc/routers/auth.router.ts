import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { verifyPassword } from '../../auth/passwords';
import { publicProcedure, router } from '../init';

export const authRouter = router({
  login: publicProcedure
    .input(
      z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    )
    .mutation(async ({ ctx, input }) => {
      const { app, loginLimiter } = ctx.services;
      if (!loginLimiter.take(ctx.ip)) {
        const seconds = Math.ceil(loginLimiter.retryAfterMs(ctx.ip) / 1000);
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `too many login attempts; try again in ${seconds} s`,
        });
      }
      const found = await app.users.findForLogin(input.username);
      const valid =
        found !== undefined &&
        !found.user.disabled &&
        (await verifyPassword(found.passwordHash, input.password));
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

  me: publicProcedure.query(({ ctx }) =>
    ctx.session ? { username: ctx.session.user.username, role: ctx.session.user.role } : null,
  ),
});
