import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { WebSocket } from 'ws';
import type { FlowApp } from '../app';
import type { LoginLimit } from '../auth/login-limit';
import type { Session } from '../store/sessions';
import type { LiveHub } from '../live/live-hub';
import type { SocketRegistry } from '../live/sockets';

export const SESSION_COOKIE = 'flow_session';
/** Mutations over HTTP must carry this header: a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-flow-request';

export interface Services {
  readonly app: FlowApp;
  readonly loginLimit: LoginLimit;
  readonly sockets: SocketRegistry;
  readonly live: LiveHub;
}

export interface Context {
  readonly services: Services;
  readonly session: Session | undefined;
  readonly ip: string;
  /** False for an HTTP request without the CSRF header (a possible cross-site request). */
  readonly sameSite: boolean;
  readonly setCookie: (value: string | null) => void;
  /** Counts a login attempt for this client and user name: seconds to wait when over the limit. */
  readonly limitLogin: (username: string) => Promise<number | undefined>;
}

/** A cookie's value; a value that is not valid percent-encoding is no value (never a throw). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function createContextFactory(services: Services) {
  return async ({ req, res }: CreateFastifyContextOptions): Promise<Context> => {
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = sessionId ? await services.app.sessions.find(sessionId) : undefined;
    const socket = res as unknown as WebSocket | undefined;
    const isSocket =
      socket !== undefined &&
      typeof (socket as { readyState?: unknown }).readyState === 'number' &&
      !('header' in (res as object));
    if (isSocket && session) services.sockets.add(session.id, session.expiresAt, socket);
    const setting = services.app.settings.COOKIE_SECURE;
    // `auto`: Secure when the request came over https (or, with TRUST_PROXY, said so by the proxy).
    const secure = setting === 'auto' ? req.protocol === 'https' : setting === 'true';
    return {
      services,
      session,
      ip: req.ip,
      sameSite: isSocket || req.headers[CSRF_HEADER] === '1',
      limitLogin: (username) => services.loginLimit(req, username),
      setCookie(value) {
        if (isSocket) return;
        const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
        const cookie =
          value === null
            ? `${SESSION_COOKIE}=; Max-Age=0; ${attributes.join('; ')}`
            : `${SESSION_COOKIE}=${encodeURIComponent(value)}; Max-Age=${Math.floor(services.app.settings.SESSION_TTL_HOURS * 3600)}; ${attributes.join('; ')}`;
        void res.header('set-cookie', cookie);
      },
    };
  };
}
