import { subscriberConfigSchemas } from '@flow/shared';
import type { Clock, TimerHandle } from '../clock';
import type { Message } from '../message';
import type { Subscriber, SubscriberAdapter, SubscriberSink } from './types';

/**
 * A `metronome` subscriber: every interval (the first after one interval) `{ tick, time }`, or
 * with a `message` the original system's form `{ message, current_timestamp: "YYYYMMDDHHMMSS" }`
 * (local time, as the original writes it).
 */
export class MetronomeSubscriber implements Subscriber {
  readonly uri = 'metronome';
  readonly flowControl = 'drop-oldest';
  private tick = 0;
  private timer: TimerHandle | undefined;
  private sink: SubscriberSink | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly message?: string,
  ) {}

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connected' });
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.sink?.deliver(this.next());
      if (this.sink) this.schedule();
    }, this.intervalMs);
  }

  private next(): Message {
    const now = this.clock.now();
    if (this.message !== undefined)
      return { message: this.message, current_timestamp: localTimestamp(now) };
    this.tick++;
    return { tick: this.tick, time: new Date(now).toISOString() };
  }

  pause(): void {}
  resume(): void {}

  async stop(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.sink = undefined;
  }
}

/** `YYYYMMDDHHMMSS` in the server's local time, as the original's metronome stamps its ticks. */
export function localTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    String(d.getFullYear()).padStart(4, '0') +
    two(d.getMonth() + 1) +
    two(d.getDate()) +
    two(d.getHours()) +
    two(d.getMinutes()) +
    two(d.getSeconds())
  );
}

export const metronomeSubscriberAdapter: SubscriberAdapter<
  typeof subscriberConfigSchemas.metronome
> = {
  configSchema: subscriberConfigSchemas.metronome,
  createSubscriber: (config, context) =>
    new MetronomeSubscriber(config.interval_ms, context.clock, config.message),
};
