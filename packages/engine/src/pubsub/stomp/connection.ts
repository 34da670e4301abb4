import { Client, type IFrame, type StompHeaders } from '@stomp/stompjs';
import type { Socket } from 'node:net';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import type { Connections } from '@flow/shared';
import type { Clock, TimerHandle } from '../../clock';
import { AdapterError, errorMessage } from '../../errors';
import { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import { backoffDelay, redact } from '../retry';
import type { ConnectionStatus } from '../types';

/*
 * A STOMP 1.2 connection on plain TCP (@stomp/stompjs with @stomp/tcp-wrapper): the broker's
 * address from a `stomp://` URL, the transport through the host policy, heartbeats, and
 * reconnection with backoff. The subscriber and publisher (subscriber.ts, publisher.ts) use it.
 */

const DEFAULT_PORT = 61613;
const HEARTBEAT_MS = 10_000;
/** A connection that is not CONNECTED by then is dropped and tried again. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A connection up for this long counts as healthy: the next reconnection starts fast again. */
const STABLE_MS = 30_000;
/** How long a polite DISCONNECT may take before the socket is destroyed. */
const DISCONNECT_TIMEOUT_MS = 2_000;

let frameCounter = 0;
export const nextId = (prefix: string) => `${prefix}-${++frameCounter}`;

export interface StompTarget {
  readonly host: string;
  readonly port: number;
  readonly login: string | undefined;
  readonly passcode: string | undefined;
  /** The CONNECT `host` header: RabbitMQ's virtual host. */
  readonly vhost: string;
  /** `host:port`, for messages: no credentials. */
  readonly address: string;
}

export interface StompDestination {
  readonly kind: 'queue' | 'topic';
  /** The STOMP destination: `/queue/NAME` or `/topic/NAME`. */
  readonly name: string;
}

/** Parses `stomp://user:pass@host:61613[/vhost]`. */
export function stompTarget(url: string): StompTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AdapterError(
      `not a STOMP URL: ${redact(url)} (expected stomp://user:pass@host:61613)`,
    );
  }
  if (parsed.protocol !== 'stomp:' || !parsed.hostname)
    throw new AdapterError(
      `not a STOMP URL: ${redact(url)} (expected stomp://user:pass@host:61613)`,
    );
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORT;
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host,
    port,
    login: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    passcode: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    vhost: path || '/',
    address: `${parsed.hostname}:${port}`,
  };
}

export function stompDestination(uri: string): StompDestination {
  const rest = uri.slice('stomp://'.length);
  const kind = rest.startsWith('topic/') ? 'topic' : 'queue';
  return { kind, name: `/${rest}` };
}

export function stompUrl(
  config: { url?: string | undefined; connection?: string | undefined },
  connections: Connections,
): string {
  return config.url ?? resolveConnection('stomp', connections, config.connection).url;
}

function socketErrorMessage(event: unknown): string {
  const inner = (event as { message?: unknown } | undefined)?.message;
  if (inner !== undefined) return errorMessage(inner);
  return errorMessage(event);
}

export function frameErrorMessage(frame: IFrame, address: string): string {
  const message = frame.headers.message ?? 'ERROR frame';
  const body = frame.body.trim().replace(/\s+/g, ' ').slice(0, 200);
  return `broker ${address} sent ERROR: ${message}${body && body !== message ? `: ${body}` : ''}`;
}

/** A STOMP TCP transport whose socket goes through the host policy (refused: a failed connection). */
function checkedWrapper(hosts: HostPolicy) {
  return class CheckedTCPWrapper extends TCPWrapper {
    protected override getSocket(port: number, host: string): Socket {
      return hosts.socket(host, port);
    }
  };
}

export interface ConnectionHandlers {
  status(status: ConnectionStatus): void;
  /** A new connection is up (CONNECTED received): subscribe, send what waits. */
  connected(client: Client): void;
  /** The connection that `connected` announced is gone. */
  disconnected(): void;
  /** An ERROR frame on a connection that is up (the broker may or may not close it). */
  stompError?(frame: IFrame): void;
}

/**
 * One STOMP connection that reconnects forever with backoff (retry.ts) until stopped. Each attempt
 * uses a fresh stompjs Client with its own reconnection off, so that the delay and the time of the
 * next attempt are ours to report; subscriptions are made again by `connected`.
 */
export class StompConnection {
  /** The client of the connection that is up, if one is. */
  client: Client | undefined;
  /** The client being connected, or the one that is up. */
  private current: Client | undefined;
  private attempt = 0;
  private connectedAt = 0;
  private lastError: string | undefined;
  private retryTimer: TimerHandle | undefined;
  private connectTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly target: StompTarget,
    private readonly clock: Clock,
    private readonly handlers: ConnectionHandlers,
    private readonly hosts: HostPolicy = HostPolicy.open,
  ) {}

  start(): void {
    this.open();
  }

  private open(): void {
    if (this.stopped) return;
    const { target } = this;
    const connectHeaders: StompHeaders = { host: target.vhost };
    if (target.login !== undefined) connectHeaders.login = target.login;
    if (target.passcode !== undefined) connectHeaders.passcode = target.passcode;
    const client: Client = new Client({
      webSocketFactory: () =>
        this.hosts.restricted
          ? new (checkedWrapper(this.hosts))(target.host, target.port)
          : new TCPWrapper(target.host, target.port),
      connectHeaders,
      heartbeatIncoming: HEARTBEAT_MS,
      heartbeatOutgoing: HEARTBEAT_MS,
      reconnectDelay: 0, // ours: see closed()
      // A lost heartbeat destroys the socket rather than waiting for a polite close.
      discardWebsocketOnCommFailure: true,
      onConnect: () => {
        if (client !== this.current) return;
        this.clearConnectTimer();
        this.lastError = undefined;
        this.connectedAt = this.clock.now();
        this.client = client;
        this.handlers.status({ state: 'connected' });
        this.handlers.connected(client);
      },
      onStompError: (frame) => {
        if (client !== this.current) return;
        this.lastError = frameErrorMessage(frame, target.address);
        // A refused CONNECT: RabbitMQ keeps the socket open for a while; no point waiting.
        if (!client.connected) client.forceDisconnect();
        else this.handlers.stompError?.(frame);
      },
      onWebSocketError: (event) => {
        if (client !== this.current) return;
        this.lastError = `${target.address}: ${socketErrorMessage(event)}`;
      },
      onWebSocketClose: () => this.closed(client),
    });
    this.current = client;
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = undefined;
      if (client !== this.current || client.connected) return;
      this.lastError ??= `${target.address}: no STOMP CONNECTED within ${CONNECT_TIMEOUT_MS} ms`;
      client.forceDisconnect();
    }, CONNECT_TIMEOUT_MS);
    client.activate();
  }

  private closed(client: Client): void {
    // Marks the spent client inactive (it has no socket any more), so it schedules nothing.
    void client.deactivate().catch(() => {});
    if (client !== this.current) return;
    this.clearConnectTimer();
    const wasUp = this.client === client;
    this.current = undefined;
    this.client = undefined;
    if (wasUp) this.handlers.disconnected();
    if (this.stopped) return;
    // Backoff starts over only after a connection that lasted: one the broker drops right after
    // CONNECTED (e.g. refusing the subscription) is retried ever more slowly.
    if (wasUp && this.clock.now() - this.connectedAt >= STABLE_MS) this.attempt = 0;
    this.attempt++;
    const delay = backoffDelay(this.attempt, 250, 15_000);
    const error = this.lastError ?? `lost the connection to ${this.target.address}`;
    this.lastError = undefined;
    this.handlers.status({
      state: 'reconnecting',
      error: redact(error),
      nextRetryAt: this.clock.now() + delay,
    });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, delay);
  }

  /** Drops the connection that is up (to start over: a reconnection with backoff). */
  drop(): void {
    this.client?.forceDisconnect();
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== undefined) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /** DISCONNECTs (waiting for its receipt, briefly) and closes the socket; no more attempts. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearConnectTimer();
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.current;
    this.current = undefined;
    this.client = undefined;
    if (!client) return;
    if (client.connected) {
      let timer: TimerHandle | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = this.clock.setTimeout(() => resolve('timeout'), DISCONNECT_TIMEOUT_MS);
      });
      const result = await Promise.race([
        client.deactivate().then(() => 'closed' as const),
        timedOut,
      ]);
      if (timer !== undefined) this.clock.clearTimeout(timer);
      if (result === 'closed') return;
    }
    await client.deactivate({ force: true });
  }
}
