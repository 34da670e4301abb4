import {
  Kafka,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type ISocketFactory,
  type KafkaMessage,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { z } from 'zod';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import type { TimerHandle } from '../../clock';
import { errorMessage } from '../../errors';
import type { Message } from '../../message';
import type { HostPolicy } from '../../policy/hosts';
import { resolveConnection } from '../connections';
import { AbortedError, backoffDelay, redact, settlesWithin, sleep, withRetry } from '../retry';
import type {
  Ack,
  AdapterContext,
  ConnectionStatus,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from '../types';
import { deliverPayload } from '../payload';

// kafkajs 2 prints a notice about its new default partitioner on every producer otherwise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const topicName = (uri: string) => uri.slice('kafka://topic/'.length);

/** How often acknowledged offsets are committed while running (and once more on stop). */
const COMMIT_INTERVAL_MS = 500;
/** kafkajs's own retries of one request; our loop retries the whole consumer after that. */
const REQUEST_RETRY = { retries: 3, initialRetryTime: 250, maxRetryTime: 5_000 };
/** How long stop() waits for a connection attempt still under way before giving up on it. */
const OPEN_GRACE_MS = 5_000;

/**
 * kafkajs' socket factory with every broker connection (the bootstrap brokers and those the
 * cluster's metadata names) checked against the host policy; a refused broker is a failed
 * connection, retried by kafkajs and shown on the node.
 */
function checkedSockets(hosts: HostPolicy): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const tls = ssl ? (typeof ssl === 'object' ? ssl : {}) : undefined;
    const socket = hosts.socket(host, port, tls);
    socket.once(tls ? 'secureConnect' : 'connect', onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

/**
 * A kafkajs client for a component: inline `brokers`, else those of its named connection (or
 * `default`); TLS, SASL and the client id come from the named connection when there is one
 * (SASL only when the brokers are the connection's own).
 * kafkajs logs nothing: problems are shown on the node through the sink instead.
 */
function kafkaClient(
  config: { brokers?: string[] | undefined; connection?: string | undefined },
  context: AdapterContext,
): Kafka {
  const named =
    config.brokers && config.connection === undefined
      ? undefined
      : resolveConnection('kafka', context.connections, config.connection);
  // The connection's credentials go only to the connection's own brokers: inline brokers that
  // differ from them get none (a stored secret never follows another host).
  const ownBrokers =
    !config.brokers ||
    (named !== undefined &&
      [...config.brokers].sort().join(',') === [...named.brokers].sort().join(','));
  const sasl = ownBrokers ? named?.sasl : undefined;
  return new Kafka({
    clientId: named?.client_id ?? 'flow',
    brokers: config.brokers ?? named?.brokers ?? [],
    ssl: named?.ssl ?? false,
    ...(sasl && {
      sasl: {
        mechanism: sasl.mechanism,
        username: sasl.username,
        password: sasl.password,
      } as SASLOptions,
    }),
    logLevel: logLevel.NOTHING,
    ...(context.hosts?.restricted && { socketFactory: checkedSockets(context.hosts) }),
    connectionTimeout: 3_000,
    retry: REQUEST_RETRY,
  });
}

/**
 * The offsets of one partition delivered by one consumer session, in delivery order. An offset
 * is committed once it and every offset delivered before it are acknowledged: the committed
 * position is the highest contiguous acknowledged offset + 1. Contiguous in delivery order, not
 * in numbers: compaction and transaction markers leave gaps in a partition's offsets.
 */
/** How long the broker holds an empty fetch: short, so that new messages get going fast. */
const MAX_WAIT_MS = 100;
/** While the engine holds a batch back, the consumer still heartbeats this often. */
const HOLD_HEARTBEAT_MS = 1000;

class PartitionTrack {
  private entries: { readonly offset: bigint; acked: boolean }[] = [];
  private head = 0;
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
    const entry = { offset, acked: false };
    this.entries.push(entry);
    this.last = offset;
    return () => {
      entry.acked = true;
    };
  }

  /** The position to commit now, or undefined when nothing new is acknowledged. */
  advance(): string | undefined {
    const entries = this.entries;
    let done: bigint | undefined;
    while (this.head < entries.length && entries[this.head]!.acked)
      done = entries[this.head++]!.offset;
    if (this.head > 1024 && this.head * 2 > entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
    if (done !== undefined) this.position = (done + 1n).toString();
    return this.position !== this.committed ? this.position : undefined;
  }
}

interface SessionOptions {
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
class ConsumerSession {
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

/**
 * `kafka://topic/NAME` read by a consumer group (default `<dag>_<subscriber>`). Offsets are
 * committed only for acknowledged messages, so what was delivered but not published comes again
 * after a restart. A failing consumer is shown on the node and restarted with backoff.
 */
class KafkaSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private readonly topic: string;
  private readonly groupId: string;
  private session: ConsumerSession | undefined;
  private paused = false;
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private state: ConnectionStatus['state'] = 'connecting';

  constructor(
    readonly uri: string,
    private readonly kafka: Kafka,
    private readonly config: z.output<typeof subscriberConfigSchemas.kafka>,
    private readonly context: AdapterContext,
  ) {
    this.topic = topicName(uri);
    this.groupId = config.group_id ?? `${context.dagName}_${context.componentName}`;
  }

  /** Resolves once the group is joined, or after the first failure (retried in the background). */
  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    this.report(sink, { state: 'connecting' });
    await new Promise<void>((started) => {
      this.loop = this.run(sink, started);
    });
  }

  private report(sink: SubscriberSink, status: ConnectionStatus): void {
    if (status.state === 'connected' && this.state === 'connected') return;
    this.state = status.state;
    sink.connection(status);
  }

  private async run(sink: SubscriberSink, started: () => void): Promise<void> {
    const signal = this.abort.signal;
    const clock = this.context.clock;
    let attempt = 0;
    try {
      while (!signal.aborted) {
        const session = new ConsumerSession(
          this.kafka.consumer({
            groupId: this.groupId,
            sessionTimeout: 10_000,
            heartbeatInterval: 3_000,
            maxWaitTimeInMs: MAX_WAIT_MS,
            allowAutoTopicCreation: true,
            retry: { ...REQUEST_RETRY, restartOnFailure: async () => false },
          }),
          {
            topic: this.topic,
            fromBeginning: this.config.from_beginning,
            sink,
            context: this.context,
            isPaused: () => this.paused,
            onJoin: () => this.report(sink, { state: 'connected' }),
          },
        );
        this.session = session;
        let failure: unknown;
        try {
          await session.open();
          attempt = 0;
          started();
          failure = await session.ended;
        } catch (error) {
          failure = error;
        }
        await session.close();
        this.session = undefined;
        if (signal.aborted) break;
        attempt++;
        const delay = backoffDelay(attempt, 500, 10_000);
        this.report(sink, {
          state: 'reconnecting',
          error: redact(errorMessage(failure ?? 'the consumer stopped')),
          nextRetryAt: clock.now() + delay,
        });
        started();
        await sleep(delay, clock, signal).catch(() => {});
      }
    } finally {
      started();
    }
  }

  pause(): void {
    this.paused = true; // the session holds its current batch until resume
  }

  resume(): void {
    this.paused = false;
    this.session?.resume();
  }

  /** Commits what is acknowledged, leaves the group and disconnects. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      this.session?.end();
      await this.loop;
    })();
    return this.stopping;
  }

  async inject(message: Message): Promise<void> {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    try {
      await producer.send({ topic: this.topic, messages: [{ value: JSON.stringify(message) }] });
    } finally {
      await producer.disconnect();
    }
  }
}

export const kafkaSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.kafka> = {
  configSchema: subscriberConfigSchemas.kafka,
  createSubscriber: (config, context) =>
    new KafkaSubscriber(config.source, kafkaClient(config, context), config, context),
};

export const kafkaPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.kafka> = {
  configSchema: publisherConfigSchemas.kafka,
  createPublisher(config, context) {
    const topic = topicName(config.destination);
    const kafka = kafkaClient(config, context);
    let producer: Producer | undefined;
    let ready: Promise<void> | undefined;
    let abort: AbortController | undefined;
    let status: ConnectionStatus = { state: 'connecting' };
    return {
      uri: config.destination,
      async start(signal) {
        const stopped = new AbortController();
        abort = stopped;
        signal.addEventListener('abort', () => stopped.abort(), { once: true });
        const client = kafka.producer({ allowAutoTopicCreation: true });
        producer = client;
        // Connected in the background, retried with backoff; publish waits for it.
        ready = withRetry(() => client.connect(), {
          clock: context.clock,
          signal: stopped.signal,
          initialMs: 500,
          maxMs: 10_000,
          onFailure: (error, nextRetryAt) => {
            status = { state: 'reconnecting', error: redact(error), nextRetryAt };
          },
        }).then(() => {
          status = { state: 'connected' };
        });
        ready.catch(() => {});
      },
      async publish(batch) {
        if (!producer || !ready) throw new Error(`${config.destination} is not started`);
        await ready;
        try {
          await producer.send({
            topic,
            acks: config.acks,
            messages: batch.map((m) => ({ value: JSON.stringify(m) })),
          });
          status = { state: 'connected' };
        } catch (error) {
          status = { state: 'reconnecting', error: redact(errorMessage(error)) };
          throw error;
        }
      },
      async stop() {
        abort?.abort();
        // A connection attempt under way (kafkajs retries it) is waited for a while, not forever.
        if (ready) await settlesWithin(ready, OPEN_GRACE_MS);
        await producer?.disconnect().catch(() => {});
        producer = undefined;
        ready = undefined;
        status = { state: 'closed' };
      },
      connectionStatus: () => status,
    };
  },
};
