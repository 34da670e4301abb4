import { TRPCError } from '@trpc/server';
import { NotFoundError } from '@flow/engine';
import {
  auditListInputSchema,
  clusterStatusFor,
  createUserInputSchema,
  publishInputSchema,
  resetPasswordInputSchema,
  setDisabledInputSchema,
  setRoleInputSchema,
  type ServerStatus,
} from '@flow/shared';
import { hashPassword } from '../../auth/passwords';
import { clusterStatus, dagCounts } from '../../cluster/status';
import { testMessage } from '../../publish-message';
import type { User } from '../../store/users';
import { VERSION, type FlowApp } from '../../app';
import type { SocketRegistry } from '../../live/sockets';
import { adminProcedure, router, viewerProcedure } from '../init';

export const publishRouter = router({
  /** An admin sends a JSON object into a subscriber's source, as if it came from outside. */
  send: adminProcedure
    .meta({ limitsCheckedBy: 'message' })
    .input(publishInputSchema)
    .mutation(async ({ ctx, input }) => {
      const message = testMessage(input.message);
      await ctx.services.app.publish(input.dag, input.node, message, ctx.user.username);
      return { ok: true };
    }),
});

export const serverRouter = router({
  status: viewerProcedure.query(async ({ ctx }): Promise<ServerStatus> => {
    const { app } = ctx.services;
    // In a cluster: as `dags.list` shows them (the runners' states); first, so the rest is current.
    const dags = await dagCounts(app);
    const status = app.engine.status();
    return {
      role: app.role,
      instance: app.instance,
      readOnly: app.cluster?.coordinator.readOnlyReason() !== undefined,
      cluster: app.cluster ? clusterStatusFor(clusterStatus(app.cluster), ctx.user.role) : null,
      version: VERSION,
      uptimeMs: Date.now() - app.startedAt,
      startedAt: new Date(app.startedAt).toISOString(),
      dags,
      workers: status.workers,
      store: app.db.kind,
    };
  }),
});

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.app.users.list()),

  create: adminProcedure.input(createUserInputSchema).mutation(async ({ ctx, input }) => {
    const { app } = ctx.services;
    if (await app.users.findForLogin(input.username))
      throw new TRPCError({
        code: 'CONFLICT',
        message: `user "${input.username}" already exists`,
      });
    const user = await app.users.create(
      input.username,
      await hashPassword(input.password),
      input.role,
    );
    await app.audit.record(ctx.user.username, 'user.create', null, {
      username: user.username,
      role: user.role,
    });
    return user;
  }),

  setRole: adminProcedure.input(setRoleInputSchema).mutation(async ({ ctx, input }) => {
    const user = found(await ctx.services.app.users.setRole(input.id, input.role), input.id);
    await ctx.services.app.audit.record(ctx.user.username, 'user.set_role', null, {
      username: user.username,
      role: input.role,
    });
    return user;
  }),

  resetPassword: adminProcedure.input(resetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    const { app, sockets } = ctx.services;
    const user = await app.users.setPassword(input.id, await hashPassword(input.password));
    if (!user) throw new NotFoundError(`no user with id ${input.id}`);
    await endSessions(app, sockets, user.id);
    await app.audit.record(ctx.user.username, 'user.reset_password', null, {
      username: user.username,
    });
    return user;
  }),

  setDisabled: adminProcedure.input(setDisabledInputSchema).mutation(async ({ ctx, input }) => {
    const { app, sockets } = ctx.services;
    if (input.id === ctx.user.id && input.disabled)
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'you cannot disable yourself' });
    const user = found(await app.users.setDisabled(input.id, input.disabled), input.id);
    if (input.disabled) await endSessions(app, sockets, user.id);
    await app.audit.record(
      ctx.user.username,
      input.disabled ? 'user.disable' : 'user.enable',
      null,
      { username: user.username },
    );
    return user;
  }),
});

/** The changed user, or the reason nothing changed: no such user, or it is the last admin. */
function found(user: User | undefined | 'last_admin', id: number): User {
  if (user === 'last_admin')
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'this would leave no enabled admin: make another user admin first',
    });
  if (!user) throw new NotFoundError(`no user with id ${id}`);
  return user;
}

async function endSessions(app: FlowApp, sockets: SocketRegistry, userId: number) {
  const ids = await app.db.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [
    userId,
  ]);
  await app.sessions.deleteForUser(userId);
  for (const { id } of ids) sockets.closeSession(id);
}

export const auditRouter = router({
  list: adminProcedure
    .input(auditListInputSchema)
    .query(({ ctx, input }) => ctx.services.app.audit.list(input.limit, input.before)),
});
