import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { InvariantError } from '@flow/engine';
import type { FlowApp } from './app';
import { registerInternalEndpoint } from './cluster/internal';
import { loginLimit } from './auth/login-limit';
import { dummyHash } from './auth/passwords';
import { LiveHub } from './live/live-hub';
import { SocketRegistry } from './live/sockets';
import { MetricsCache, renderMetrics } from './metrics';
import { createContextFactory, readCookie, SESSION_COOKIE, type Services } from './trpc/context';
import { appRouter, type AppRouter } from './trpc/router';

export const BODY_LIMIT = 1024 * 1024;

export interface FlowServer {
  readonly fastify: FastifyInstance;
  readonly services: Services;
  close(): Promise<void>;
}

/** How often expired sessions are deleted from the store. */
export const SESSION_PURGE_MS = 15 * 60_000;

/** The HTTP server: tRPC over HTTP and websocket, health, metrics and the web app. */
export async function buildServer(
  app: FlowApp,
  logger: Logger,
  options: { loginLimit?: number; sessionPurgeMs?: number } = {},
): Promise<FlowServer> {
  const settings = app.settings;
  const fastify: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: 5000 },
    trustProxy: settings.TRUST_PROXY,
  });
  await fastify.register(rateLimit, { global: false });
  await fastify.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // React Flow and Mantine set inline styles; no inline script runs.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': [
          "'self'",
          (req) => `ws://${cspHost(req.headers.host)}`,
          (req) => `wss://${cspHost(req.headers.host)}`,
        ],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
  });
  const services: Services = {
    app,
    loginLimit: loginLimit(fastify, options.loginLimit ?? settings.LOGIN_RATE_LIMIT),
    sockets: new SocketRegistry(settings.MAX_SUBSCRIPTIONS_PER_SESSION),
    // In a cluster, a DAG run elsewhere is watched through its runner's details.
    live: new LiveHub(app.engine, undefined, (dag) =>
      app.cluster?.runsElsewhere(dag) ? app.dagDetails(dag) : app.engine.details(dag),
    ),
  };
  void dummyHash(); // made now, so the first unknown-user login takes no longer than the rest

  // The websocket upgrade needs a live session and, from a browser, the server's own origin.
  // Every refusal answers (ws writes the status and closes the socket); nothing here throws.
  const verifyClient = (
    info: { origin: string; req: IncomingMessage },
    done: (ok: boolean, code?: number, message?: string) => void,
  ) => {
    if (info.origin && hostOf(info.origin) !== info.req.headers.host)
      return done(false, 403, 'cross-site websocket refused');
    const id = readCookie(info.req.headers.cookie, SESSION_COOKIE);
    if (!id) return done(false, 401, 'log in first');
    app.sessions.find(id).then(
      (session) => (session ? done(true) : done(false, 401, 'session expired')),
      () => done(false, 503),
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
        if (error.cause instanceof InvariantError)
          logger.fatal({ path, err: error.cause }, 'BUG: an engine invariant broke');
        else if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ path, err: error.cause ?? error }, 'procedure failed');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  if (app.cluster) registerInternalEndpoint(fastify, app, app.cluster);

  fastify.get('/healthz', async () => ({ ok: true }));
  fastify.get('/readyz', async (_req, reply) => {
    try {
      await app.db.query('SELECT 1');
      return { ok: true, role: app.role };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });
  const metrics = new MetricsCache(() =>
    renderMetrics(app.engine, (Date.now() - app.startedAt) / 1000),
  );
  const metricsAuth = settings.METRICS_TOKEN ? `Bearer ${settings.METRICS_TOKEN}` : undefined;
  fastify.get('/metrics', async (req, reply) => {
    if (metricsAuth && !sameText(req.headers.authorization ?? '', metricsAuth))
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'token needed' });
    return reply.type('text/plain; version=0.0.4').send(await metrics.get());
  });

  const purge = () =>
    app.sessions
      .purgeExpired()
      .catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
  const purgeTimer = setInterval(purge, options.sessionPurgeMs ?? SESSION_PURGE_MS);
  purgeTimer.unref();

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
      clearInterval(purgeTimer);
      services.live.stop();
      services.sockets.stop();
      await fastify.close();
    },
  };
}

/** The host of an Origin header, or undefined when it is not a URL (`null`, garbage). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** The Host header as a CSP source: host and port characters only, never more directives. */
function cspHost(host: string | undefined): string {
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost';
}

/** Compares two strings in time that does not depend on where they differ. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
