import { Client, type IFrame, type IMessage, type StompHeaders } from '@stomp/stompjs';
import type { Socket } from 'node:net';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import type { Connections } from '@flow/shared';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import type { Clock, TimerHandle } from '../../clock';
import { AdapterError, errorMessage } from '../../errors';
import type { Message } from '../../message';
import { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import { backoffDelay, redact } from '../retry';
import type {
  AdapterContext,
  ConnectionStatus,
  Publisher,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from '../types';
import { deliverPayload } from '../payload';

/*
 * `stomp://queue/NAME` and `stomp://topic/NAME` over STOMP 1.2 on plain TCP (@stomp/stompjs with
 * @stomp/tcp-wrapper), for RabbitMQ's STOMP plugin and ActiveMQ alike: destinations `/queue/NAME`
 * and `/topic/NAME`, login and passcode from the URL, `host` from its path (RabbitMQ's virtual
 * host; `/` when there is none).
 *
 * Queues use `ack: client-individual`: a message is acknowledged when the engine acknowledges it
 * (every publisher it reached accepted it); what was not acknowledged when the connection ends is
 * delivered again by the broker. Topics use `ack: auto` and drop the oldest when the node is full.
 */

const DEFAULT_PORT = 61613;
const HEARTBEAT_MS = 10_000;
/** A connection that is not CONNECTED by then is dropped and tried again. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A connection up for this long counts as healthy: the next reconnection starts fast again. */
const STABLE_MS = 30_000;
/** How long a polite DISCONNECT may take before the socket is destroyed. */
const DISCONNECT_TIMEOUT_MS = 2_000;
/** How long a publisher's stop waits for receipts still due. */
const PUBLISH_STOP_GRACE_MS = 5_000;
const INJECT_TIMEOUT_MS = 10_000;
/** A queue is taken as drained when nothing came for this long (STOMP cannot tell the depth). */
const DRAIN_QUIET_MS = 1_000;
/** AMQP's prefetch count is 16 bits; also a sane bound for ActiveMQ. */
const MAX_PREFETCH = 65_535;

let frameCounter = 0;
const nextId = (prefix: string) => `${prefix}-${++frameCounter}`;

interface StompTarget {
  readonly host: string;
  readonly port: number;
  readonly login: string | undefined;
  readonly passcode: string | undefined;
  /** The CONNECT `host` header: RabbitMQ's virtual host. */
  readonly vhost: string;
  /** `host:port`, for messages: no credentials. */
  readonly address: string;
}

interface StompDestination {
  readonly kind: 'queue' | 'topic';
  /** The STOMP destination: `/queue/NAME` or `/topic/NAME`. */
  readonly name: string;
}

/** Parses `stomp://user:pass@host:61613[/vhost]`. */
function stompTarget(url: string): StompTarget {
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

function stompDestination(uri: string): StompDestination {
  const rest = uri.slice('stomp://'.length);
  const kind = rest.startsWith('topic/') ? 'topic' : 'queue';
  return { kind, name: `/${rest}` };
}

function stompUrl(
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

function frameErrorMessage(frame: IFrame, address: string): string {
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

interface ConnectionHandlers {
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
class StompConnection {
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

/**
 * A STOMP subscription. Queues: `ack: client-individual` with at most `max_depth` messages
 * unacknowledged at a time (`prefetch-count` for RabbitMQ, `activemq.prefetchSize` for ActiveMQ;
 * each broker ignores the other's header).
 *
 * pause() keeps the subscription and holds what arrives in memory without delivering it; the
 * broker stops sending once the prefetch bound of unacknowledged messages is reached, so at most
 * `max_depth` messages are held. resume() delivers the held ones first, so the order is exactly
 * the broker's. Held messages are never acknowledged; if the connection ends they are dropped and
 * the broker delivers them again. (Unsubscribing instead would leave it to each broker what
 * becomes of the ACKs of messages already in the node's queue.) Note that RabbitMQ closes a channel whose delivery stays
 * unacknowledged longer than its `consumer_timeout` (30 minutes by default): a DAG suspended for
 * longer sees a reconnection and the same messages again.
 *
 * Topics: `ack: auto`, no acknowledgements; pause() and resume() do nothing (the node drops the
 * oldest), as for other push-only sources.
 */
class StompSubscriber implements Subscriber {
  readonly flowControl: 'pause' | 'drop-oldest';
  private readonly destination: StompDestination;
  private readonly queue: boolean;
  private connection: StompConnection | undefined;
  private subscriptionId: string | undefined;
  private sink: SubscriberSink | undefined;
  private paused = false;
  private held: { client: Client; message: IMessage }[] = [];
  private subscribed = false;
  private lastActivity = 0;
  private stopping: Promise<void> | undefined;
  private started: (() => void) | undefined;

  constructor(
    readonly uri: string,
    private readonly target: StompTarget,
    private readonly context: AdapterContext,
    private readonly prefetch: number,
  ) {
    this.destination = stompDestination(uri);
    this.queue = this.destination.kind === 'queue';
    this.flowControl = this.queue ? 'pause' : 'drop-oldest';
  }

  /** Resolves once the first subscription is confirmed, the first attempt failed, or on stop. */
  start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    this.sink = sink;
    sink.connection({ state: 'connecting' });
    return new Promise<void>((resolve) => {
      this.started = resolve;
      const connection = (this.connection = new StompConnection(
        this.target,
        this.context.clock,
        {
          status: (status) => {
            sink.connection(status);
            if (status.state === 'reconnecting') resolve();
          },
          connected: (client) => this.subscribe(client, resolve),
          // RabbitMQ may keep a connection open after an ERROR (a refused SUBSCRIBE or ACK): the
          // subscription could be dead while the connection looks fine. Start over instead.
          stompError: () => connection.drop(),
          disconnected: () => {
            // The broker delivers again whatever was not acknowledged on that connection.
            this.subscriptionId = undefined;
            this.subscribed = false;
            this.held = [];
          },
        },
        this.context.hosts,
      ));
      connection.start();
    });
  }

  private subscribe(client: Client, onSubscribed: () => void): void {
    if (this.stopping) return;
    const receipt = nextId('subscribe');
    client.watchForReceipt(receipt, () => {
      this.subscribed = true;
      this.lastActivity = this.context.clock.now();
      onSubscribed();
    });
    const headers: StompHeaders = { receipt };
    if (this.queue) {
      const prefetch = String(Math.min(this.prefetch, MAX_PREFETCH));
      headers.ack = 'client-individual';
      headers['prefetch-count'] = prefetch;
      headers['activemq.prefetchSize'] = prefetch;
    } else headers.ack = 'auto';
    const subscription = client.subscribe(
      this.destination.name,
      (message) => this.received(client, message),
      headers,
    );
    this.subscriptionId = subscription.id;
  }

  private received(client: Client, message: IMessage): void {
    this.lastActivity = this.context.clock.now();
    if (this.stopping) return; // not acknowledged: the broker keeps it
    if (this.paused && this.queue) this.held.push({ client, message });
    else this.handle(client, message);
  }

  private handle(client: Client, message: IMessage): void {
    const sink = this.sink as SubscriberSink;
    const raw = message.body;
    const ack = this.queue ? () => this.ack(client, message) : undefined;
    const origin = `${this.destination.name} ${message.headers['message-id'] ?? '(no message-id)'}`;
    deliverPayload(sink, raw, origin, ack);
  }

  private ack(client: Client, message: IMessage): void {
    // An ack id is only valid on the connection that delivered it; after a reconnection the
    // broker delivers the message again (at-least-once), and an unknown id would be an ERROR.
    if (this.connection?.client !== client || !client.connected) return;
    try {
      message.ack();
    } catch {
      // the connection went away meanwhile: the broker delivers it again
    }
  }

  pause(): void {
    if (this.queue) this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // deliver() may pause again (the node's queue is full): keep the rest held.
    while (!this.paused && !this.stopping && this.held.length > 0) {
      const next = this.held.shift()!;
      this.handle(next.client, next.message);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.started?.();
      this.held = [];
      const client = this.connection?.client;
      if (client && this.subscriptionId !== undefined) {
        try {
          client.unsubscribe(this.subscriptionId);
        } catch {
          // not connected any more
        }
      }
      this.subscriptionId = undefined;
      await this.connection?.stop();
    })();
    return this.stopping;
  }

  /**
   * STOMP cannot tell how many messages a queue holds: taken as drained when subscribed, nothing
   * is held, and nothing arrived for DRAIN_QUIET_MS (the broker pushes up to the prefetch bound).
   */
  isDrained(): boolean {
    if (!this.queue) return true;
    return (
      this.subscribed &&
      this.held.length === 0 &&
      this.context.clock.now() - this.lastActivity >= DRAIN_QUIET_MS
    );
  }

  /** Sends the message to this subscriber's own destination on a connection of its own. */
  async inject(message: Message): Promise<void> {
    const publisher = new StompPublisher(this.uri, this.target, this.context);
    await publisher.start(new AbortController().signal);
    let timer: TimerHandle | undefined;
    try {
      await Promise.race([
        publisher.publish([message]),
        new Promise<never>((_, reject) => {
          timer = this.context.clock.setTimeout(
            () =>
              reject(
                new AdapterError(
                  `${this.uri}: the broker did not accept the message within ${INJECT_TIMEOUT_MS} ms`,
                ),
              ),
            INJECT_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      if (timer !== undefined) this.context.clock.clearTimeout(timer);
      await publisher.stop(0);
    }
  }
}

interface PendingBatch {
  readonly bodies: readonly string[];
  readonly accepted: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly settled: Promise<void>;
  /** The receipt asked for on the last frame, once sent. */
  receipt?: string;
}

function pendingBatch(bodies: readonly string[]): PendingBatch {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const accepted = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const settled = accepted.then(
    () => {},
    () => {},
  );
  return { bodies, accepted, resolve, reject, settled };
}

/**
 * SENDs each message of a batch (`content-type: application/json`; `persistent: true` to queues,
 * which both RabbitMQ and ActiveMQ honour) with a RECEIPT asked for on the last frame: the broker
 * handles a connection's frames in order, so the receipt means it accepted the whole batch.
 *
 * A batch fails (and the engine's PublisherHandle sends it again with backoff) when the connection
 * is down, or is lost before the receipt came: at-least-once, so possibly twice. While the first
 * connection attempt is under way, batches wait for its outcome.
 */
class StompPublisher implements Publisher {
  private readonly destination: StompDestination;
  private readonly headers: StompHeaders;
  private connection: StompConnection | undefined;
  private readonly pending = new Set<PendingBatch>();
  private status: ConnectionStatus = { state: 'connecting' };
  private stopping: Promise<void> | undefined;

  constructor(
    readonly uri: string,
    private readonly target: StompTarget,
    private readonly context: AdapterContext,
  ) {
    this.destination = stompDestination(uri);
    this.headers = { 'content-type': 'application/json' };
    if (this.destination.kind === 'queue') this.headers.persistent = 'true';
  }

  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    const connection = (this.connection = new StompConnection(
      this.target,
      this.context.clock,
      {
        status: (status) => {
          this.status = status;
          if (status.state === 'reconnecting') this.failPending(this.notConnected());
        },
        connected: (client) => {
          for (const batch of this.pending) this.send(client, batch);
        },
        disconnected: () =>
          this.failPending(
            new AdapterError(
              `${this.uri}: lost the connection to ${this.target.address} before the broker accepted the batch`,
            ),
          ),
        stompError: (frame) => {
          const receipt = frame.headers['receipt-id'];
          for (const batch of this.pending) {
            if (receipt === undefined || batch.receipt !== receipt) continue;
            this.pending.delete(batch);
            batch.reject(new AdapterError(redact(frameErrorMessage(frame, this.target.address))));
          }
        },
      },
      this.context.hosts,
    ));
    connection.start();
  }

  publish(batch: readonly Message[]): Promise<void> | undefined {
    if (!this.connection || this.stopping)
      return Promise.reject(new AdapterError(`${this.uri} is not started`));
    if (batch.length === 0) return undefined;
    const pending = pendingBatch(batch.map((m) => JSON.stringify(m)));
    const client = this.connection.client;
    if (client) {
      this.pending.add(pending);
      this.send(client, pending);
    } else if (this.status.state === 'connecting') this.pending.add(pending);
    else pending.reject(this.notConnected());
    return pending.accepted;
  }

  private send(client: Client, batch: PendingBatch): void {
    const receipt = nextId('publish');
    batch.receipt = receipt;
    try {
      client.watchForReceipt(receipt, () => {
        if (this.pending.delete(batch)) batch.resolve();
      });
      const last = batch.bodies.length - 1;
      batch.bodies.forEach((body, i) =>
        client.publish({
          destination: this.destination.name,
          body,
          headers: i === last ? { ...this.headers, receipt } : this.headers,
        }),
      );
    } catch (error) {
      // The connection went away while sending.
      this.pending.delete(batch);
      batch.reject(new AdapterError(`${this.uri}: ${errorMessage(error)}`));
    }
  }

  private notConnected(): AdapterError {
    return new AdapterError(
      `${this.uri}: not connected (${this.status.error ?? `to ${this.target.address}`})`,
    );
  }

  private failPending(error: Error): void {
    for (const batch of this.pending) batch.reject(error);
    this.pending.clear();
  }

  /** Waits (up to `graceMs`) for the receipts still due, fails what is left, and disconnects. */
  stop(graceMs = PUBLISH_STOP_GRACE_MS): Promise<void> {
    this.stopping ??= (async () => {
      if (this.pending.size > 0 && graceMs > 0) {
        let timer: TimerHandle | undefined;
        await Promise.race([
          Promise.all([...this.pending].map((b) => b.settled)),
          new Promise<void>((resolve) => {
            timer = this.context.clock.setTimeout(resolve, graceMs);
          }),
        ]);
        if (timer !== undefined) this.context.clock.clearTimeout(timer);
      }
      this.failPending(
        new AdapterError(`${this.uri}: stopped before the broker accepted the batch`),
      );
      await this.connection?.stop();
      this.status = { state: 'closed' };
    })();
    return this.stopping;
  }

  connectionStatus(): ConnectionStatus {
    return this.status;
  }
}

export const stompSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.stomp> = {
  configSchema: subscriberConfigSchemas.stomp,
  createSubscriber: (config, context) =>
    new StompSubscriber(
      config.source,
      stompTarget(stompUrl(config, context.connections)),
      context,
      config.max_depth,
    ),
};

export const stompPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.stomp> = {
  configSchema: publisherConfigSchemas.stomp,
  createPublisher: (config, context) =>
    new StompPublisher(
      config.destination,
      stompTarget(stompUrl(config, context.connections)),
      context,
    ),
};
