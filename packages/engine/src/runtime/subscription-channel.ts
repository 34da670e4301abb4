import type { Message } from '../message';
import type {
  Ack,
  ConnectionStatus,
  RejectedPayload,
  Subscriber,
  SubscriberSink,
} from '../pubsub/types';
import { RingBuffer } from '../ring-buffer';
import type { RuntimeNode } from './runtime-node';

export type PauseReason = 'full' | 'suspended' | 'stopping';

/**
 * The bounded queue between a subscriber and its source node. When full it pauses a source that
 * can wait, or drops the oldest message of one that cannot (counting the drops). It resumes the
 * source once the queue is half empty.
 */
export class SubscriptionChannel implements SubscriberSink {
  private readonly messages = new RingBuffer<Message>(64);
  private readonly acks = new RingBuffer<Ack | undefined>(64);
  private readonly pauseReasons = new Set<PauseReason>();
  private readonly dropOldest: boolean;
  /** Set once the subscriber first hands over an ack; until then no ack bookkeeping per message. */
  private acked = false;
  drops = 0;
  rejected = 0;
  /** Messages taken out unprocessed because this instance's cluster lease had lapsed. */
  fenced = 0;
  delivered = 0;
  status: ConnectionStatus = { state: 'connecting' };
  /** Where rejected payloads go besides the node's error list (its dead-letter destination). */
  onReject: ((payload: RejectedPayload) => void) | undefined;

  constructor(
    readonly node: RuntimeNode,
    readonly subscriber: Subscriber,
    readonly maxDepth: number,
    private readonly wake: () => void,
    private readonly onConnection: (channel: SubscriptionChannel) => void,
  ) {
    this.dropOldest = subscriber.flowControl === 'drop-oldest';
  }

  get depth(): number {
    return this.messages.length;
  }

  deliver(message: Message, ack?: Ack): void {
    const messages = this.messages;
    if (ack !== undefined && !this.acked) {
      this.acked = true;
      for (let i = 0; i < messages.length; i++) this.acks.push(undefined);
    }
    if (messages.length >= this.maxDepth && this.dropOldest) {
      messages.shift();
      if (this.acked) this.acks.shift()?.();
      this.drops++;
    }
    messages.push(message);
    if (this.acked) this.acks.push(ack);
    this.delivered++;
    if (messages.length >= this.maxDepth && !this.dropOldest) this.pause('full');
    this.wake();
  }

  reject(payload: RejectedPayload, ack?: Ack): void {
    this.rejected++;
    this.node.record('error', `${payload.reason} (from ${payload.origin})`, {
      preview: payload.preview,
      origin: payload.origin,
    });
    this.onReject?.(payload);
    ack?.();
  }

  connection(status: ConnectionStatus): void {
    this.status = status;
    if (status.error)
      this.node.record('error', `${this.subscriber.uri}: ${status.error}`, undefined);
    this.onConnection(this);
  }

  /** Takes the next message and its acknowledgement, if any. */
  take(): Message | undefined {
    return this.messages.shift();
  }

  /** The acknowledgement of the message last taken, if its subscriber gives any. */
  takeAck(): Ack | undefined {
    return this.acked ? this.acks.shift() : undefined;
  }

  pause(reason: PauseReason): void {
    const wasPaused = this.pauseReasons.size > 0;
    this.pauseReasons.add(reason);
    if (!wasPaused) this.subscriber.pause();
  }

  unpause(reason: PauseReason): void {
    if (!this.pauseReasons.delete(reason)) return;
    if (this.pauseReasons.size === 0) this.subscriber.resume();
  }

  /** Resumes a source paused for a full queue once the queue is at most half full. */
  relieve(): void {
    if (this.pauseReasons.has('full') && this.messages.length <= this.maxDepth / 2)
      this.unpause('full');
  }
}
