import { initTRPC, TRPCError } from '@trpc/server';
import { ConfigError } from '@flow/engine';
import { jsonLimitProblems, MAX_JSON_DEPTH } from '@flow/shared';
import type { Role } from '../store/users';
import type { Context } from './context';
import { badRequest, hidePaths, toTRPCError } from './errors';

const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** What a procedure declares about itself. */
export interface ProcedureMeta {
  /**
   * The input key whose value the procedure checks against the limits itself, so that its
   * problems name paths inside it (`$.nodes[2]...` for a DAG config, not `$.config.nodes[2]...`).
   * The rest of the input is checked here like any other.
   */
  readonly limitsCheckedBy?: 'config' | 'message';
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const config = error.cause instanceof ConfigError ? error.cause : undefined;
      return {
        ...shape,
        // A ConfigError's paths are the user's own (config paths, relative file names); any other
        // message keeps no absolute server path.
        message: config ? shape.message : hidePaths(shape.message),
        data: {
          ...shape.data,
          stack: undefined,
          problems: config ? [...config.problems] : undefined,
        },
      };
    },
  });

export const router = t.router;

/**
 * The first middleware of every procedure: errors become tRPC errors in one place (errors.ts),
 * and an input nested deeper than the limit or holding a NUL character is refused with its
 * paths before any schema walks it.
 */
const mapped = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

const limited = mapped.use(async ({ getRawInput, meta, next }) => {
  // Two levels of slack: a config sits inside the input (`{ config }`), and its own limit of
  // MAX_JSON_DEPTH is reported with config paths by its validator. `__proto__` keys are left
  // to the schemas that know where they matter.
  // An unreadable body is the input parser's to report (a procedure without input ignores it).
  const raw = await getRawInput().catch(() => undefined);
  const own = meta?.limitsCheckedBy;
  const checked =
    own !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== own))
      : raw;
  const problems = jsonLimitProblems(checked, [], {
    maxDepth: MAX_JSON_DEPTH + 2,
  }).filter((p) => p.code !== 'reserved_key');
  if (problems.length > 0) throw badRequest(problems);
  return next();
});

/** No session needed (login). Mutations still need the CSRF header. */
export const publicProcedure = limited.use(({ ctx, type, next }) => {
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
