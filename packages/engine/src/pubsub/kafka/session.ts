import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { TimerHandle } from '../../clock';
import { ContiguousAcks } from '../contiguous-acks';
import { deliverPayload } from '../payload';
import { AbortedError } from '../retry';
import type { Ack, AdapterContext, SubscriberSink } from '../types';
import { OPEN_GRACE_MS } from './client';

/** How often acknowledged offsets are committed while running (and once more on stop). */
const COMMIT_INTERVAL_MS = 500;
/** While the engine holds a batch back, the consumer still heartbeats this often. */
const HOLD_HEARTBEAT_MS = 1000;

/**
 * The offsets of one partition delivered by one consumer session, in delivery order. An offset
 * is committed once it and every offset delivered before it are acknowledged: the committed
 * position is the highest contiguous acknowledged offset + 1 (contiguous-acks.ts).
 */
class PartitionTrack {
  private readonly acks = new ContiguousAcks<bigint>();
  private last = -1n;
  /** The position up to which everything is acknowledged (next offset to read), if any. */
  private position: string | undefined;
  /** The position last committed to Kafka. */
  committed: string | undefined;

  /** False when `offset` is not after the last one delivered: kafkajs went back (rebalance, reset). */
  follows(offset: bigint): boolean {
    return offset > this.last;
  }

  push(offset: bigint): Ack {
    this.last = offset;
    return this.acks.push(offset);
  }

  /** The position to commit now, or undefined when nothing new is acknowledged. */
  advance(): string | undefined {
    const done = this.acks.advance();
    if (done !== undefined) this.position = (done + 1n).toString();
    return this.position !== this.committed ? this.position : undefined;
  }
}

export interface SessionOptions {
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly sink: SubscriberSink;
  readonly context: AdapterContext;
  readonly isPaused: () => boolean;
  readonly onJoin: () => void;
}

/**
 * One kafkajs consumer from connect to disconnect. A crash ends the session; the subscriber
 * then starts a new one after a backoff. kafkajs's own restart is turned off so that the
 * subscriber sees and shows every failure.
 */
export class ConsumerSession {
  private tracks = new Map<number, PartitionTrack>();
  private committing: Promise<void> = Promise.resolve();
  private timer: TimerHandle | undefined;
  private joined = false;
  private closed = false;
  private opening: Promise<void> | undefined;
  private openSettled = false;
  private wakeHold: (() => void) | undefined;
  private resolveJoin!: () => void;
  private rejectJoin!: (error: unknown) => void;
  private readonly join: Promise<void>;
  private finish!: (error?: unknown) => void;
  /** Settles with the error that ended the session, or undefined when it was ended by stop. */
  readonly ended: Promise<unknown>;

  constructor(
    readonly consumer: Consumer,
    private readonly options: SessionOptions,
  ) {
    this.join = new Promise<void>((resolve, reject) => {
      this.resolveJoin = resolve;
      this.rejectJoin = reject;
    });
    this.join.catch(() => {});
    this.ended = new Promise((resolve) => (this.finish = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => this.onJoin());
    consumer.on(consumer.events.CRASH, (event) => this.end(event.payload.error));
  }

  /** Connects, joins the group and starts consuming; resolves once the group is joined. */
  open(): Promise<void> {
    this.opening = (async () => {
      const { consumer, options } = this;
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      const running = consumer.run({
        autoCommit: false,
        // Offsets are resolved message by message: a pause leaves the rest of a batch unread.
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.onBatch(payload),
      });
      await running; // a failed join does not reject: kafkajs reports it as a CRASH event
      await this.join;
      this.scheduleCommit();
    })();
    this.opening.then(
      () => (this.openSettled = true),
      () => (this.openSettled = true),
    );
    return Promise.race([this.opening, this.join]);
  }

  /** Ends the session: with an error when it failed, without one when the subscriber stops. */
  end(error?: unknown): void {
    this.rejectJoin(error ?? new AbortedError('stopped'));
    this.finish(error);
    this.wakeHold?.();
  }

  /**
   * Backpressure: while the engine's queue is full, the consumer stays inside the batch it just
   * delivered (heartbeating), so kafkajs fetches nothing more for it. Pausing the consumer
   * instead would make Kafka send the unprocessed part again after the resume, a round trip each
   * time the queue fills.
   */
  resume(): void {
    this.wakeHold?.();
  }

  private async holdWhilePaused(payload: EachBatchPayload): Promise<void> {
    const { clock } = this.options.context;
    while (this.options.isPaused() && !this.closed && payload.isRunning() && !payload.isStale()) {
      await new Promise<void>((resolve) => {
        const timer = clock.setTimeout(resolve, HOLD_HEARTBEAT_MS);
        this.wakeHold = () => {
          clock.clearTimeout(timer);
          resolve();
        };
      });
      this.wakeHold = undefined;
      await payload.heartbeat().catch(() => {});
    }
  }

  private onJoin(): void {
    this.joined = true;
    this.resolveJoin();
    // A new generation starts again from the committed offsets: what this session delivered and
    // did not commit comes again. Commit what is acknowledged already, then track anew.
    const previous = this.tracks;
    this.tracks = new Map();
    if (previous.size > 0) void this.flush(previous);
    this.options.onJoin();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    await this.holdWhilePaused(payload); // a batch fetched while the engine is full waits
    let track = this.tracks.get(partition);
    // A batch is delivered whole even when the engine pauses meanwhile (its queue may then
    // exceed max_depth by one fetch); the next one waits until the engine resumes.
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      const offset = BigInt(message.offset);
      if (!track || !track.follows(offset)) {
        track = new PartitionTrack();
        this.tracks.set(partition, track);
      }
      this.handle(topic, partition, message, track.push(offset));
      resolveOffset(message.offset);
    }
    await heartbeat();
    await this.holdWhilePaused(payload);
  }

  private handle(topic: string, partition: number, message: KafkaMessage, ack: Ack): void {
    const { sink } = this.options;
    const origin = () => `${topic}/${partition}/${message.offset}`;
    if (message.value === null) {
      sink.reject(
        { reason: 'empty message (null value)', preview: '', origin: origin(), raw: '' },
        ack,
      );
      return;
    }
    deliverPayload(sink, message.value.toString('utf8'), origin(), ack);
  }

  private scheduleCommit(): void {
    if (this.closed) return;
    const { clock } = this.options.context;
    this.timer = clock.setTimeout(() => {
      void this.flush().finally(() => this.scheduleCommit());
    }, COMMIT_INTERVAL_MS);
  }

  /** Commits, per partition, the position up to which everything is acknowledged. */
  private flush(tracks = this.tracks): Promise<void> {
    this.committing = this.committing.then(async () => {
      const commits: { partition: number; offset: string; track: PartitionTrack }[] = [];
      for (const [partition, track] of tracks) {
        const offset = track.advance();
        if (offset !== undefined) commits.push({ partition, offset, track });
      }
      if (commits.length === 0) return;
      const topic = this.options.topic;
      try {
        await this.consumer.commitOffsets(
          commits.map(({ partition, offset }) => ({ topic, partition, offset })),
        );
        for (const { offset, track } of commits) track.committed = offset;
      } catch {
        // Tried again at the next tick; if the consumer crashed, its session restarts and what
        // was not committed is delivered again (at-least-once).
      }
    });
    return this.committing;
  }

  /** Commits what is acknowledged while the group is still ours, then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeHold?.(); // a batch held back for backpressure lets go, so kafkajs can stop
    if (this.timer) this.options.context.clock.clearTimeout(this.timer);
    if (this.joined) await this.flush();
    await this.consumer.disconnect().catch(() => {});
    if (this.opening && !this.openSettled) {
      // A connection attempt still under way may open sockets after the disconnect above.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settled = await Promise.race([
        this.opening.then(
          () => true,
          () => true,
        ),
        new Promise<boolean>(
          (resolve) => (timer = setTimeout(() => resolve(false), OPEN_GRACE_MS)),
        ),
      ]);
      clearTimeout(timer);
      if (settled) await this.consumer.disconnect().catch(() => {});
    }
  }
}
