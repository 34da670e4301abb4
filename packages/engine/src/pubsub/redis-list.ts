import type { Redis } from 'ioredis';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import { errorMessage } from '../errors';
import type { Message } from '../message';
import { closeRedis, createRedis, redisPublisher, redisUrl } from './redis-client';
import { backoffDelay, redact, sleep, untilAborted } from './retry';
import type {
  AdapterContext,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from './types';
import { deliverPayload } from './payload';
import { PauseGate } from './pause-gate';

const listName = (uri: string) => uri.slice('redis://list/'.length);
/** Seconds a blocking pop waits before looking at pause and stop again. */
const POP_TIMEOUT_S = 0.5;

/**
 * `redis://list/NAME` as a reliable queue: each message is moved atomically (BLMOVE) to a
 * processing list of this subscriber and removed from it only once acknowledged, i.e. published.
 * What a crash leaves in the processing list is delivered again at the next start.
 */
class RedisListSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private readonly list: string;
  private readonly processing: string;
  private blocking: Redis | undefined;
  private commands: Redis | undefined;
  private readonly gate = new PauseGate();
  private loop: Promise<void> | undefined;
  private abort = new AbortController();
  private emptyAtLastPop = false;
  /** Payloads delivered and not acknowledged yet, by their text (identical ones counted). */
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly uri: string,
    private readonly url: string,
    private readonly context: AdapterContext,
  ) {
    this.list = listName(uri);
    this.processing = `${this.list}:processing:${context.dagName}_${context.componentName}`;
  }

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connecting' });
    const status = (s: Parameters<SubscriberSink['connection']>[0]) => sink.connection(s);
    this.commands = createRedis(this.url, this.context.clock, status, this.context.hosts);
    this.blocking = createRedis(this.url, this.context.clock, () => {}, this.context.hosts);
    this.loop = this.run(sink);
  }

  private async run(sink: SubscriberSink): Promise<void> {
    const signal = this.abort.signal;
    const blocking = this.blocking as Redis;
    const commands = this.commands as Redis;
    let attempt = 0;
    let recovered = false;
    while (!signal.aborted) {
      try {
        // Every command waits for a connection while Redis is down: a stop ends the wait.
        if (blocking.status === 'wait')
          await untilAborted(Promise.all([blocking.connect(), commands.connect()]), signal);
        if (!recovered) {
          // What the processing list holds that this run is not handling: leftovers of an earlier
          // run, or a move whose reply a lost connection swallowed. Delivered again, oldest first
          // (at-least-once).
          const leftovers = await untilAborted(commands.lrange(this.processing, 0, -1), signal);
          const handling = new Map(this.inFlight);
          for (const raw of leftovers.reverse()) {
            const n = handling.get(raw) ?? 0;
            if (n > 0) handling.set(raw, n - 1);
            else this.handle(sink, raw);
          }
          recovered = true;
        }
        await this.gate.passed();
        if (signal.aborted) break;
        const raw = await untilAborted(
          blocking.blmove(this.list, this.processing, 'RIGHT', 'LEFT', POP_TIMEOUT_S),
          signal,
        );
        attempt = 0;
        this.emptyAtLastPop = raw === null;
        if (raw !== null) this.handle(sink, raw);
      } catch (error) {
        if (signal.aborted) break;
        // After a lost connection, look at the processing list again (see above).
        recovered = false;
        attempt++;
        const delay = backoffDelay(attempt, 200, 10_000);
        sink.connection({
          state: 'reconnecting',
          error: redact(errorMessage(error)),
          nextRetryAt: this.context.clock.now() + delay,
        });
        await sleep(delay, this.context.clock, signal).catch(() => {});
      }
    }
  }

  private handle(sink: SubscriberSink, raw: string): void {
    this.inFlight.set(raw, (this.inFlight.get(raw) ?? 0) + 1);
    const ack = () => {
      const n = (this.inFlight.get(raw) ?? 1) - 1;
      if (n > 0) this.inFlight.set(raw, n);
      else this.inFlight.delete(raw);
      void this.commands?.lrem(this.processing, 1, raw).catch(() => {});
    };
    deliverPayload(sink, raw, `list ${this.list}`, ack);
  }

  pause(): void {
    this.gate.pause();
  }

  resume(): void {
    this.gate.resume();
  }

  async stop(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.gate.wake();
    // Closing the blocking connection ends a pending BLMOVE; a message it moved stays in the
    // processing list and is delivered again at the next start.
    this.blocking?.disconnect();
    await this.loop;
    await closeRedis(this.commands);
  }

  isDrained(): boolean {
    return this.emptyAtLastPop;
  }

  async inject(message: Message): Promise<void> {
    const client =
      this.commands ?? createRedis(this.url, this.context.clock, () => {}, this.context.hosts);
    try {
      await client.lpush(this.list, JSON.stringify(message));
    } finally {
      if (client !== this.commands) await closeRedis(client);
    }
  }
}

export const redisListSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.redis> = {
  configSchema: subscriberConfigSchemas.redis,
  createSubscriber: (config, context) =>
    new RedisListSubscriber(config.source, redisUrl(config, context.connections), context),
};

export const redisListPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.redis> = {
  configSchema: publisherConfigSchemas.redis,
  createPublisher(config, context) {
    const list = listName(config.destination);
    return redisPublisher(config, context, (client, batch) =>
      client.lpush(list, ...batch.map((m) => JSON.stringify(m))),
    );
  },
};
