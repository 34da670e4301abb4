import { randomBytes } from 'node:crypto';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '@flow/engine';
import type { FlowApp } from '../app';
import type { Database } from '../store/database';
import { testMessage } from '../publish-message';
import { toTRPCError } from '../trpc/errors';
import {
  CALL_BODY_LIMIT,
  CALL_BODY_TIMEOUT_MS,
  clusterCallSchema,
  INTERNAL_CALL_PATH,
  type ClusterCall,
} from './calls';
import { inbound, type ClusterGate } from './forward';

/**
 * The secret the instances of a cluster call each other with: 32 random bytes, made by the first
 * instance to start (the others find it), kept in the shared PostgreSQL and nowhere else.
 */
export async function clusterSecret(db: Database): Promise<string> {
  await db.query('INSERT INTO cluster_secret (id, secret) VALUES (1, $1) ON CONFLICT DO NOTHING', [
    randomBytes(32).toString('base64url'),
  ]);
  const [row] = await db.query<{ secret: string }>(
    'SELECT secret FROM cluster_secret WHERE id = 1',
  );
  if (!row) throw new Error('cluster secret not stored');
  return row.secret;
}

/** Runs one forwarded call here (its route refuses with "moved" when this instance no longer runs the DAG). */
async function dispatch(app: FlowApp, gate: ClusterGate, call: ClusterCall): Promise<unknown> {
  switch (call.op) {
    case 'startDag':
      return app.startDag(call.args.name, call.args.version, call.args.actor);
    case 'deployDag':
      return app.deployDag(call.args.name, call.args.version, call.args.actor);
    case 'setState':
      return app.setState(call.args.name, call.args.action, call.args.actor);
    case 'deleteDag':
      await app.deleteDag(call.args.name, call.args.actor);
      return null;
    case 'publish':
      // The API's limits again: the caller is trusted with the actor's name, never the message.
      await app.publish(
        call.args.dag,
        call.args.node,
        testMessage(call.args.message),
        call.args.actor,
      );
      return null;
    case 'dagDetails':
      return app.dagDetails(call.args.name);
    case 'listLocal': {
      const held = new Set(gate.coordinator.held());
      return (await app.engine.list()).filter((summary) => held.has(summary.name));
    }
  }
}

/** JSON.parse, or undefined when the body is not JSON. */
function parsed(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `POST /internal/cluster/call`: another instance forwards a DAG operation to this one, the DAG's
 * runner. Only signed with the cluster secret (else 401: the headers are checked before the body
 * is read, the signature over the body as received), only the fixed list of operations (anything
 * else 404), neither saying more. Errors go back with their tRPC code, status and problems.
 */
export function registerInternalEndpoint(
  fastify: FastifyInstance,
  app: FlowApp,
  gate: ClusterGate,
) {
  const { verifier } = gate;
  void fastify.register(async (scope) => {
    // The body as received (the signature covers its bytes), JSON only, bounded.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: CALL_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.addHook('onRequest', async (request, reply) => {
      if (!verifier.plausible(request.headers))
        return reply.code(401).send({ error: 'unauthorized' });
      // Plausible headers prove nothing yet: a body sent slowly is cut off.
      const timer = setTimeout(() => request.raw.destroy(), CALL_BODY_TIMEOUT_MS).unref();
      request.raw.once('end', () => clearTimeout(timer));
      reply.raw.once('finish', () => clearTimeout(timer));
    });
    scope.post(INTERNAL_CALL_PATH, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      if (!verifier.verify(request.headers, body))
        return reply.code(401).send({ error: 'unauthorized' });
      const call = clusterCallSchema.safeParse(parsed(body));
      if (!call.success) return reply.code(404).send({ error: 'not found' });
      try {
        const value = await inbound.run(true, () => dispatch(app, gate, call.data));
        return reply.send({ value: value ?? null });
      } catch (error) {
        const mapped = toTRPCError(error);
        const cause = mapped.cause;
        if (mapped.code === 'INTERNAL_SERVER_ERROR')
          app.logger.error({ err: error, op: call.data.op }, 'cluster: forwarded call failed');
        return reply.code(getHTTPStatusCodeFromError(mapped)).send({
          error: {
            code: mapped.code,
            message: mapped.code === 'INTERNAL_SERVER_ERROR' ? 'internal error' : mapped.message,
            problems: cause instanceof ConfigError ? cause.problems : undefined,
          },
        });
      }
    });
  });
}
