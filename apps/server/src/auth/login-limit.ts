import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit'; // its `createRateLimit` on FastifyInstance

/** Seconds to wait when a login attempt is over its limit, or undefined when it may go on. */
export type LoginLimit = (req: FastifyRequest, username: string) => Promise<number | undefined>;

const WINDOW_MS = 60_000;

/**
 * Login attempts per minute, counted twice by @fastify/rate-limit: per client address (behind a
 * trusted proxy, the forwarded one) and per user name, so neither many names from one address
 * nor one name from many addresses gets more than `max` tries. Counted per login call, not per
 * HTTP request, so a batch of logins counts each one (and a login over the websocket counts too).
 */
export function loginLimit(fastify: FastifyInstance, max: number): LoginLimit {
  const byAddress = fastify.createRateLimit({ max, timeWindow: WINDOW_MS });
  const byName = fastify.createRateLimit({
    max,
    timeWindow: WINDOW_MS,
    keyGenerator: (req) => `user:${(req as NamedRequest)[LOGIN_NAME]}`,
  });
  return async (req, username) => {
    // A view of the request that carries the name for this call's key (a batch may name many).
    const named: NamedRequest = Object.create(req, { [LOGIN_NAME]: { value: username } });
    const checks = await Promise.all([byAddress(req), byName(named)]);
    const waits = checks.map((c) =>
      c.isAllowed || !c.isExceeded ? 0 : Math.max(1, c.ttlInSeconds),
    );
    const wait = Math.max(...waits);
    return wait > 0 ? wait : undefined;
  };
}

const LOGIN_NAME = Symbol('login name');
type NamedRequest = FastifyRequest & { readonly [LOGIN_NAME]?: string };
