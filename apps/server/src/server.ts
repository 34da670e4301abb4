import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { FlowApp } from './app';
import { RateLimiter } from './auth/rate-limit';
import { LiveHub } from './live/live-hub';
import { SocketRegistry } from './live/sockets';
import { renderMetrics } from './metrics';
import { createContextFactory, readCookie, SESSION_COOKIE, type Services } from './trpc/context';
import { appRouter, type AppRouter } from './trpc/router';

export const BODY_LIMIT = 1024 * 1024;

export interface FlowServer {
  readonly fastify: FastifyInstance;
  readonly services: Services;
  close(): Promise<void>;
}

/** The HTTP server: tRPC over HTTP and websocket, health, metrics and the web app. */
export async function buildServer(
  app: FlowApp,
  logger: Logger,
  options: { loginLimit?: number } = {},
): Promise<FlowServer> {
  const services: Services = {
    app,
    loginLimiter: new RateLimiter(options.loginLimit ?? 10, 60_000),
    sockets: new SocketRegistry(),
    live: new LiveHub(app.engine),
    secureCookies: false,
  };
  const fastify: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: 5000 },
  });

  // The websocket upgrade needs a live session and, from a browser, the server's own origin.
  const verifyClient = (
    info: { origin: string; req: IncomingMessage },
    done: (ok: boolean, code?: number, message?: string) => void,
  ) => {
    const origin = info.origin;
    if (origin && new URL(origin).host !== info.req.headers.host)
      return done(false, 403, 'cross-site websocket refused');
    const id = readCookie(info.req.headers.cookie, SESSION_COOKIE);
    if (!id) return done(false, 401, 'log in first');
    app.sessions.find(id).then(
      (session) => (session ? done(true) : done(false, 401, 'session expired')),
      () => done(false, 500),
    );
  };
  await fastify.register(websocket, { options: { maxPayload: BODY_LIMIT, verifyClient } });
  await fastify.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    useWSS: true,
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(services),
      // A browser tab busy drawing a big live DAG can take seconds to answer a ping: a silent
      // client is cut after 30 s, not 5 (it reconnects by itself either way).
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 30_000 },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ path, err: error.cause ?? error }, 'procedure failed');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  fastify.get('/healthz', async () => ({ ok: true }));
  fastify.get('/readyz', async (_req, reply) => {
    try {
      await app.db.query('SELECT 1');
      return { ok: true, role: app.role };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });
  fastify.get('/metrics', async (_req, reply) =>
    reply
      .type('text/plain; version=0.0.4')
      .send(renderMetrics(app.engine, (Date.now() - app.startedAt) / 1000)),
  );

  const web = app.settings.WEB_DIST;
  if (web && existsSync(web)) {
    await fastify.register(fastifyStatic, { root: web, wildcard: false });
    fastify.setNotFoundHandler((req, reply) =>
      req.method === 'GET' && !req.url.startsWith('/trpc')
        ? reply.sendFile('index.html')
        : reply.code(404).send({ error: 'not found' }),
    );
  }

  return {
    fastify,
    services,
    async close() {
      services.live.stop();
      services.sockets.stop();
      await fastify.close();
    },
  };
}
