import type { MetronomeEmits } from '@flow/shared';
import type { Clock, TimerHandle } from '../clock';
import type { Message } from '../message';
import { RingBuffer } from '../ring-buffer';
import type { Ack, Subscriber, SubscriberSink } from './types';

export interface MetronomeNodeOptions {
  readonly intervalMs: number;
  readonly clock: Clock;
  /** `tick`: `{ tick, time }`, n from 1; `metronome_tick`: the original's form (dag-schema.ts). */
  readonly emits: MetronomeEmits;
  /** The node's own subscriber: each tick takes its next message, if one arrived. */
  readonly source?: Subscriber | undefined;
  /** How many messages of `source` wait for a tick at most (its `max_depth`). */
  readonly maxDepth?: number;
}

/**
 * What a MetronomeNode's ticks come from. Every interval it emits the message it holds (`{}`
 * until its own subscriber delivers one) with the tick's keys added: `tick` and `time`, or the
 * original system's `metronome_tick` (its tick count from 0; it also ticks once as it starts).
 * A tick first takes the next message its subscriber delivered, if any: a non-empty one becomes
 * the message held, so a tick without news repeats the last (as the original's MetronomeNode).
 * The message taken is acknowledged with the tick it went out in. While its DAG is suspended
 * it skips its ticks (the original's suspended DAG computes none either) and counts none.
 */
export class MetronomeNodeSource implements Subscriber {
  readonly uri: string;
  readonly flowControl = 'drop-oldest';
  private readonly waiting = new RingBuffer<{ message: Message; ack: Ack | undefined }>();
  private held: Message = {};
  private count = 0;
  private timer: TimerHandle | undefined;
  private sink: SubscriberSink | undefined;
  private readonly maxDepth: number;
  /** Why the own subscriber is paused: the DAG paused this node, or too many messages wait. */
  private readonly pausedFor = new Set<'outer' | 'full'>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: MetronomeNodeOptions) {
    this.uri = options.source?.uri ?? 'metronome';
    this.maxDepth = Math.max(1, options.maxDepth ?? 10_000);
  }

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    const source = this.options.source;
    if (source === undefined) sink.connection({ state: 'connected' });
    // The original's MetronomeNode ticks as it starts, before its subscriber delivers anything.
    if (this.options.emits === 'metronome_tick') this.tick();
    this.schedule();
    if (source !== undefined) await source.start(this.ownSink(source), signal);
  }

  /** Where the own subscriber delivers: messages wait here for the next tick. */
  private ownSink(source: Subscriber): SubscriberSink {
    return {
      deliver: (message, ack) => {
        this.waiting.push({ message, ack });
        if (this.waiting.length <= this.maxDepth) return;
        if (source.flowControl === 'pause') this.pauseSource('full');
        else this.waiting.shift()?.ack?.();
      },
      reject: (payload, ack) => this.sink?.reject(payload, ack),
      connection: (status) => this.sink?.connection(status),
    };
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.tick();
      if (this.sink) this.schedule();
    }, this.options.intervalMs);
  }

  private tick(): void {
    const sink = this.sink;
    // A suspended (or stopping) DAG computes nothing: its ticks are skipped, not queued up.
    if (sink === undefined || this.pausedFor.has('outer')) return;
    const taken = this.waiting.shift();
    if (taken !== undefined && Object.keys(taken.message).length > 0) this.held = taken.message;
    if (this.waiting.length <= this.maxDepth / 2) this.resumeSource('full');
    const held = this.held;
    let message: Message;
    if (this.options.emits === 'metronome_tick') {
      message = { ...held, metronome_tick: this.count++ };
    } else {
      this.count++;
      message = {
        ...held,
        tick: this.count,
        time: new Date(this.options.clock.now()).toISOString(),
      };
    }
    sink.deliver(message, taken?.ack);
  }

  private pauseSource(reason: 'outer' | 'full'): void {
    if (this.pausedFor.size === 0) this.options.source?.pause();
    this.pausedFor.add(reason);
  }

  private resumeSource(reason: 'outer' | 'full'): void {
    if (!this.pausedFor.delete(reason)) return;
    if (this.pausedFor.size === 0) this.options.source?.resume();
  }

  pause(): void {
    this.pauseSource('outer');
  }

  resume(): void {
    this.resumeSource('outer');
  }

  /** Drained when no message of its own subscriber waits for a tick and that one is drained. */
  isDrained(): boolean {
    return this.waiting.length === 0 && (this.options.source?.isDrained?.() ?? true);
  }

  stop(): Promise<void> {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.sink = undefined;
    // Stopped by the DAG and by its abort signal: the own subscriber is stopped once.
    this.stopping ??= this.options.source?.stop() ?? Promise.resolve();
    return this.stopping;
  }
}
