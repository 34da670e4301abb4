import { randomBytes } from 'node:crypto';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance } from 'fastify';
import { ConfigError, isMessage, type Message } from '@flow/engine';
import { problemAt } from '@flow/shared';
import type { FlowApp } from '../app';
import type { Database } from '../store/database';
import { toTRPCError } from '../trpc/errors';
import { clusterCallSchema, INTERNAL_CALL_PATH, type ClusterCall } from './calls';
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
    case 'publish': {
      const message: unknown = call.args.message;
      if (!isMessage(message))
        throw new ConfigError([
          problemAt(['message'], 'invalid_type', 'a test message must be a JSON object'),
        ]);
      await app.publish(call.args.dag, call.args.node, message as Message, call.args.actor);
      return null;
    }
    case 'dagDetails':
      return app.dagDetails(call.args.name);
    case 'listLocal': {
      const held = new Set(gate.coordinator.held());
      return (await app.engine.list()).filter((summary) => held.has(summary.name));
    }
  }
}

/**
 * `POST /internal/cluster/call`: another instance forwards a DAG operation to this one, the DAG's
 * runner. Only with the cluster secret (else 401), only the fixed list of operations (anything
 * else 404), neither saying more. Errors go back with their tRPC code, status and problems.
 */
export function registerInternalEndpoint(
  fastify: FastifyInstance,
  app: FlowApp,
  gate: ClusterGate,
) {
  fastify.post(INTERNAL_CALL_PATH, async (request, reply) => {
    if (!gate.authorized(request.headers.authorization))
      return reply.code(401).send({ error: 'unauthorized' });
    const call = clusterCallSchema.safeParse(request.body);
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
}
