import type { Client, StompHeaders } from '@stomp/stompjs';
import { publisherConfigSchemas } from '@flow/shared';
import type { TimerHandle } from '../../clock';
import { AdapterError, errorMessage } from '../../errors';
import type { Message } from '../../message';
import { redact } from '../retry';
import type { AdapterContext, ConnectionStatus, Publisher, PublisherAdapter } from '../types';
import {
  frameErrorMessage,
  nextId,
  StompConnection,
  stompDestination,
  stompTarget,
  stompUrl,
  type StompDestination,
  type StompTarget,
} from './connection';

/** How long a publisher's stop waits for receipts still due. */
const PUBLISH_STOP_GRACE_MS = 5_000;

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
export class StompPublisher implements Publisher {
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

export const stompPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.stomp> = {
  configSchema: publisherConfigSchemas.stomp,
  createPublisher: (config, context) =>
    new StompPublisher(
      config.destination,
      stompTarget(stompUrl(config, context.connections)),
      context,
    ),
};
