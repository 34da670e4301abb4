import type { Clock, TimerHandle } from '../clock';
import { errorMessage, PayloadError } from '../errors';
import { backoffDelay, sleep } from '../pubsub/retry';
import type { Message } from '../message';
import type { Publisher } from '../pubsub/types';

export interface BatchSettings {
  readonly batch_size: number;
  /** Seconds between flushes of a partial batch; 0: only full batches (and the flush on stop). */
  readonly publish_interval: number;
}

/**
 * A publisher as its PublicationNodes see it: batches per `batch_size`/`publish_interval` and
 * flushes on stop. `offer` returns a promise only when acceptance is still to come, so the common
 * synchronous case allocates nothing.
 */
export class PublisherHandle {
  private batch: Message[] = [];
  private accepted: Deferred | undefined;
  private timer: TimerHandle | undefined;
  /** The last asynchronous send, while it is not settled. */
  private tail: Promise<void> | undefined;
  private flushWhenIdle = false;
  /** Messages in asynchronous sends not settled yet. */
  private sending = 0;
  /** Called when pending messages fall back under the high-water mark. */
  onRelieved: (() => void) | undefined;
  private readonly stopping = new AbortController();
  published = 0;
  failures = 0;
  lastError: string | undefined;

  constructor(
    readonly name: string,
    readonly publisher: Publisher,
    private readonly settings: BatchSettings,
    private readonly clock: Clock,
    private readonly onError: (message: string, batch: readonly Message[]) => void,
  ) {
    this.unbatched = settings.batch_size <= 1 && settings.publish_interval <= 0;
  }

  private readonly unbatched: boolean;

  offer(message: Message): Promise<void> | undefined {
    if (this.unbatched) {
      return this.tail === undefined && this.publisher.publishOne !== undefined
        ? this.begin(undefined, message)
        : this.send([message]);
    }
    this.batch.push(message);
    const accepted = (this.accepted ??= new Deferred());
    if (this.batch.length >= this.settings.batch_size) void this.flush();
    else if (
      this.settings.publish_interval > 0 &&
      this.timer === undefined &&
      !this.flushWhenIdle
    ) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        // While a send is on its way, a partial batch keeps filling and goes when it returns:
        // batches then grow with the destination's round trip instead of queueing up small.
        if (this.tail !== undefined) this.flushWhenIdle = true;
        else void this.flush();
      }, this.settings.publish_interval * 1000);
    }
    return accepted.promise;
  }

  /** Messages offered and not yet accepted: batched or on their way. */
  get pending(): number {
    return this.batch.length + this.sending;
  }

  /** Messages in sends not settled yet (not counting a batch still filling up). */
  get inFlight(): number {
    return this.sending;
  }

  /** Past this many pending messages the DAG stops computing until the destination catches up. */
  get highWater(): number {
    return Math.max(1000, this.settings.batch_size * 10);
  }

  /** Publishes what is batched; resolves when it was accepted (or its failure recorded). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.flushWhenIdle = false;
    const batch = this.batch;
    const accepted = this.accepted;
    this.batch = [];
    this.accepted = undefined;
    if (batch.length === 0) return;
    const sent = this.send(batch);
    if (!sent) {
      accepted?.resolve();
      return;
    }
    await sent.then(
      () => accepted?.resolve(),
      (error: unknown) => accepted?.reject(error),
    );
  }

  /** Records a problem of this publisher (a failed or forced start or stop) where its errors go. */
  report(message: string): void {
    this.lastError = message;
    this.onError(message, []);
  }

  /** Ends retries at once: what is still in flight fails (a stop that had to be forced). */
  abandon(): void {
    this.stopping.abort();
  }

  /** Flushes, waits for everything in flight (ending retries), and stops the publisher. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopping.abort();
    await this.tail?.catch(() => {});
    await this.publisher.stop();
  }

  /**
   * Sends a batch. A synchronous publisher is called directly; asynchronous sends go one after
   * another, so that a batch being retried holds back the ones behind it and order is kept.
   */
  private send(batch: readonly Message[]): Promise<void> | undefined {
    if (this.tail === undefined) return this.begin(batch, undefined);
    return this.track(
      batch.length,
      this.tail.catch(() => {}).then(() => this.attempt(batch, 1)),
    );
  }

  /**
   * Calls the publisher now, with nothing in flight before: with `batch`, or with `one` through
   * `publishOne`. A synchronous publisher is done when it returns.
   */
  private begin(
    batch: readonly Message[] | undefined,
    one: Message | undefined,
  ): Promise<void> | undefined {
    const count = batch?.length ?? 1;
    let result: void | Promise<void>;
    try {
      result =
        batch !== undefined
          ? this.publisher.publish(batch)
          : this.publisher.publishOne!(one as Message);
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (result === undefined) {
      this.published += count;
      return undefined;
    }
    return this.track(
      count,
      result.then(
        () => {
          this.published += count;
        },
        (error: unknown) => this.retry(batch ?? [one as Message], error, 1),
      ),
    );
  }

  private async attempt(batch: readonly Message[], attempt: number): Promise<void> {
    try {
      await this.publisher.publish(batch);
      this.published += batch.length;
    } catch (error) {
      await this.retry(batch, error, attempt);
    }
  }

  /**
   * A failed send is retried with backoff until it succeeds or the publisher stops; the failure
   * is shown on the node. A PayloadError (the messages themselves are unacceptable) is not retried.
   */
  private async retry(batch: readonly Message[], error: unknown, attempt: number): Promise<void> {
    if (error instanceof PayloadError || this.stopping.signal.aborted) {
      this.fail(error, batch);
      throw error;
    }
    const delay = backoffDelay(attempt, 200, 10_000);
    this.failures++;
    this.lastError = errorMessage(error);
    if (attempt === 1 || attempt % 10 === 0) {
      this.onError(
        `publisher ${this.name} (${this.publisher.uri}) failed: ${this.lastError}; retrying (attempt ${attempt + 1} in ${delay} ms)`,
        batch,
      );
    }
    await sleep(delay, this.clock, this.stopping.signal).catch(() => {});
    if (this.stopping.signal.aborted) {
      this.fail(error, batch);
      throw error;
    }
    await this.attempt(batch, attempt + 1);
  }

  private track(count: number, sent: Promise<void>): Promise<void> {
    this.tail = sent;
    this.sending += count;
    const settle = () => {
      const wasHigh = this.pending > this.highWater;
      this.sending -= count;
      if (this.tail === sent) {
        this.tail = undefined;
        if (this.flushWhenIdle) void this.flush();
      }
      if (wasHigh && this.pending <= this.highWater) this.onRelieved?.();
    };
    sent.then(settle, settle);
    return sent;
  }

  private fail(error: unknown, batch: readonly Message[]): void {
    this.failures++;
    this.lastError = errorMessage(error);
    this.onError(`publisher ${this.name} (${this.publisher.uri}) failed: ${this.lastError}`, batch);
  }
}

class Deferred {
  resolve!: () => void;
  reject!: (error: unknown) => void;
  readonly promise = new Promise<void>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
  constructor() {
    this.promise.catch(() => {});
  }
}
