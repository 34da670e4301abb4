import { initTRPC, TRPCError } from '@trpc/server';
import { ConfigError, NotFoundError } from '@flow/engine';
import type { Problem } from '@flow/shared';
import type { Role } from '../store/users';
import type { Context } from './context';

const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** Every error a procedure throws becomes a tRPC error here, in one place. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof ConfigError)
    return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  if (error instanceof NotFoundError)
    return new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'internal error',
    cause: error instanceof Error ? error : undefined,
  });
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const problems: Problem[] | undefined =
      error.cause instanceof ConfigError ? [...error.cause.problems] : undefined;
    return { ...shape, data: { ...shape.data, stack: undefined, problems } };
  },
});

export const router = t.router;

const mapped = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error.cause ?? result.error);
  return result;
});

/** No session needed (login). Mutations still need the CSRF header. */
export const publicProcedure = mapped.use(({ ctx, type, next }) => {
  if (type === 'mutation' && !ctx.sameSite)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'cross-site request refused' });
  return next();
});

const authenticated = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

const atLeast = (role: Role) =>
  authenticated.use(({ ctx, next }) => {
    if (rank[ctx.user.role] < rank[role]) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `this needs the ${role} role; you are ${ctx.user.role}`,
      });
    }
    return next();
  });

export const viewerProcedure = atLeast('viewer');
export const analystProcedure = atLeast('analyst');
export const adminProcedure = atLeast('admin');
