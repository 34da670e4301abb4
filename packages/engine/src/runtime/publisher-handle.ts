import type { Clock, TimerHandle } from '../clock';
import { errorMessage } from '../errors';
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
  private inFlight = new Set<Promise<void>>();
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
    if (this.unbatched) return this.send([message]);
    this.batch.push(message);
    const accepted = (this.accepted ??= new Deferred());
    if (this.batch.length >= this.settings.batch_size) void this.flush();
    else if (this.settings.publish_interval > 0 && this.timer === undefined) {
      this.timer = this.clock.setTimeout(
        () => void this.flush(),
        this.settings.publish_interval * 1000,
      );
    }
    return accepted.promise;
  }

  /** Publishes what is batched; resolves when it was accepted (or its failure recorded). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
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

  /** Flushes, waits for everything in flight, and stops the publisher. */
  async stop(): Promise<void> {
    await this.flush();
    await Promise.allSettled([...this.inFlight]);
    await this.publisher.stop();
  }

  private send(batch: readonly Message[]): Promise<void> | undefined {
    let result: void | Promise<void>;
    try {
      result = this.publisher.publish(batch);
    } catch (error) {
      this.fail(error, batch);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (result === undefined) {
      this.published += batch.length;
      return undefined;
    }
    const tracked = result.then(
      () => {
        this.published += batch.length;
        this.inFlight.delete(tracked);
      },
      (error: unknown) => {
        this.inFlight.delete(tracked);
        this.fail(error, batch);
        throw error;
      },
    );
    this.inFlight.add(tracked);
    tracked.catch(() => {});
    return tracked;
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
