import type { Client, IMessage, StompHeaders } from '@stomp/stompjs';
import { subscriberConfigSchemas } from '@flow/shared';
import type { TimerHandle } from '../../clock';
import { AdapterError } from '../../errors';
import type { Message } from '../../message';
import { deliverPayload } from '../payload';
import type { AdapterContext, Subscriber, SubscriberAdapter, SubscriberSink } from '../types';
import {
  nextId,
  StompConnection,
  stompDestination,
  stompTarget,
  stompUrl,
  type StompDestination,
  type StompTarget,
} from './connection';
import { StompPublisher } from './publisher';

const INJECT_TIMEOUT_MS = 10_000;
/** A queue is taken as drained when nothing came for this long (STOMP cannot tell the depth). */
const DRAIN_QUIET_MS = 1_000;
/** AMQP's prefetch count is 16 bits; also a sane bound for ActiveMQ. */
const MAX_PREFETCH = 65_535;

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
