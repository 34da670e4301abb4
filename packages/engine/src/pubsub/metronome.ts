import { subscriberConfigSchemas } from '@flow/shared';
import type { Clock, TimerHandle } from '../clock';
import type { Subscriber, SubscriberAdapter, SubscriberSink } from './types';

/** Emits `{ tick, time }` every interval; used by `metronome` subscribers and MetronomeNodes. */
export class MetronomeSubscriber implements Subscriber {
  readonly uri = 'metronome';
  readonly flowControl = 'drop-oldest';
  private tick = 0;
  private timer: TimerHandle | undefined;
  private sink: SubscriberSink | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    sink.connection({ state: 'connected' });
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.tick++;
      this.sink?.deliver({ tick: this.tick, time: new Date(this.clock.now()).toISOString() });
      if (this.sink) this.schedule();
    }, this.intervalMs);
  }

  pause(): void {}
  resume(): void {}

  async stop(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.sink = undefined;
  }
}

export const metronomeSubscriberAdapter: SubscriberAdapter<
  typeof subscriberConfigSchemas.metronome
> = {
  configSchema: subscriberConfigSchemas.metronome,
  createSubscriber: (config, context) => new MetronomeSubscriber(config.interval_ms, context.clock),
};
