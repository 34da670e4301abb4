import type { Dag, TimeWindow } from '@flow/shared';
import type { TimerHandle } from '../clock';
import { AdapterError, errorMessage, NotFoundError } from '../errors';
import type { Message } from '../message';
import { DagActivity } from './activity';
import { AdapterWiring, type AdapterEnvironment } from './adapter-wiring';
import { ADAPTER_STOP_TIMEOUT_MS, settlesWithin } from './bounded';
import { buildNodes } from './build-graph';
import { WATCH_DAG, WATCH_SEQ, WATCH_SOURCES } from '../workers/watch';
import { ComputeGraph } from './compute-graph';
import { describeNode, windowOf, type DagDetails, type DagSummary } from './details';
import type { DagState, EventHub } from './events';
import type { PublisherHandle } from './publisher-handle';
import { LeaseFence, type RunLease } from './lease';
import { RateSampler } from './rate-sampler';
import type { RuntimeNode } from './runtime-node';
import { AckTracker } from './ack-tracker';
import { adapterFailed, emitConnection, emitIssue, recordPublisherError } from './runtime-reports';
import { SkipOnce } from './skip-once';
import type { SubscriptionChannel } from './subscription-channel';

export interface DagRuntimeOptions extends AdapterEnvironment {
  readonly events: EventHub;
  /** See DagServerOptions.compiledPasses. */
  readonly compiledPasses?: boolean;
  /** How long an adapter's start or stop may take before it is forced (default 5000 ms). */
  readonly adapterStopTimeoutMs?: number;
  /** Where the compute in progress is written for a watchdog (see workers/watch.ts). */
  readonly watch?: Int32Array;
  /** This DAG's number in `watch` (> 0). */
  readonly watchSlot?: number;
  /** The run lease of this cluster member; absent: none (a single server). See lease.ts. */
  readonly lease?: RunLease;
}

/** Messages handled per event-loop turn before yielding to I/O and timers. */
const TURN_BUDGET = 4096;
const PER_CHANNEL = 512;

/**
 * One DAG while it lives: its lifecycle (`stopped -> running <-> suspended -> stopped`), its time
 * window, the queues between its subscribers and the compute graph, and its publishers.
 */
export class DagRuntime {
  readonly name: string;
  readonly nodes: readonly RuntimeNode[];
  private readonly graph: ComputeGraph;
  private readonly wiring: AdapterWiring;
  private readonly stopTimeoutMs: number;
  /** What a node records when an adapter's stop had to be forced. */
  private readonly forced: string;
  private readonly window: TimeWindow | undefined;
  /** Its window and schedule: when it may run. */
  private readonly activity: DagActivity | undefined;
  private currentState: DagState = 'stopped';
  private reason: string | undefined;
  private manuallySuspended = false;
  private channels: SubscriptionChannel[] = [];
  private handles: PublisherHandle[] = [];
  private abort: AbortController | undefined;
  private windowTimer: TimerHandle | undefined;
  private readonly rates: RateSampler;
  private scheduled = false;
  /** Messages waiting for their publishers to accept them before their ack. */
  private readonly acks = new AckTracker();
  /** Reused per message: the acceptance promises of the publishers a message reached. */
  private readonly pending: Promise<void>[] = [];
  private transition: Promise<void> = Promise.resolve();
  /** Set while start() runs, so that a stop can abort adapters still connecting. */
  private starting = false;
  /** Undefined in-thread, where no watchdog reads it: then no stores per message at all. */
  private readonly watch: Int32Array | undefined;
  private readonly watchSlot: number;
  /** A message to drop once when its source delivers it again (see skipOnce). */
  private skip: SkipOnce | undefined;
  /** The run lease's check on each batch of a source's messages; absent: no lease. */
  private readonly fence: LeaseFence | undefined;

  constructor(
    readonly config: Dag,
    private readonly options: DagRuntimeOptions,
  ) {
    this.name = config.name;
    this.nodes = buildNodes(config, options.registry);
    const clock = options.clock;
    for (const node of this.nodes) {
      node.onIssue = (n, issue) => emitIssue(options.events, config.name, n, issue);
      node.now = () => clock.now();
    }
    this.watch = options.watch;
    this.watchSlot = options.watchSlot ?? 1;
    this.fence = options.lease && new LeaseFence(options.lease);
    const watched = options.watch !== undefined;
    this.graph = new ComputeGraph(config.name, this.nodes, config.propagate, options.events, {
      compiled: options.compiledPasses,
      ...(watched ? { watch: options.watch } : {}),
    });
    this.window = windowOf(config);
    this.activity = DagActivity.of(config);
    this.stopTimeoutMs = options.adapterStopTimeoutMs ?? ADAPTER_STOP_TIMEOUT_MS;
    this.forced = `stop forced after ${this.stopTimeoutMs} ms`;
    this.rates = new RateSampler(this.nodes, clock);
    this.wiring = new AdapterWiring(config, this.nodes, options, {
      wake: this.wake,
      publisherError: (handle, message, batch) =>
        recordPublisherError(this.nodes, handle, message, batch),
      connectionChanged: (channel) => emitConnection(options.events, config.name, channel),
    });
  }

  get state(): DagState {
    return this.currentState;
  }

  /** Starts adapters; the DAG runs, or waits suspended when outside its time window. */
  start(): Promise<void> {
    return this.serially(async () => {
      if (this.currentState !== 'stopped') return;
      this.manuallySuspended = false;
      this.starting = true;
      try {
        await this.startAdapters((this.abort = new AbortController()).signal);
      } finally {
        this.starting = false;
      }
      this.scheduleWindowCheck();
      this.rates.start();
      this.wake();
    });
  }

  private async startAdapters(signal: AbortSignal): Promise<void> {
    this.handles = this.wiring.createPublishers();
    this.graph.compile();
    this.channels = this.wiring.createChannels(this.handles);
    // A publisher that cannot start (a refused path, a destination still connecting) is shown
    // on its nodes; its messages fail and are retried there instead of holding the DAG back.
    await Promise.all(
      this.handles.map((h) =>
        this.bounded(h.publisher.start(signal), () =>
          h.report(`publisher ${h.name} (${h.publisher.uri}): start did not finish in time`),
        ).catch((e: unknown) =>
          h.report(`publisher ${h.name} (${h.publisher.uri}) did not start: ${errorMessage(e)}`),
        ),
      ),
    );
    const off = this.offReason();
    this.setState(off === undefined ? 'running' : 'suspended', off);
    if (off !== undefined) for (const channel of this.channels) channel.pause('suspended');
    await Promise.all(
      this.channels.map((c) =>
        this.bounded(this.startSubscriber(c, signal), () =>
          adapterFailed(c.node, new AdapterError('start did not finish in time')),
        ),
      ),
    );
  }

  /**
   * Stops subscribers, computes what they already delivered, flushes publishers and waits for
   * acknowledgements; nothing of this DAG is left running afterwards. Every step is bounded: an
   * adapter that does not stop in time (an unreachable broker) is forced, which its node records,
   * so that stop always returns.
   */
  stop(): Promise<void> {
    if (this.starting) this.abort?.abort();
    return this.serially(async () => {
      if (this.currentState === 'stopped') return;
      this.clearTimers();
      // Sources that can wait stop delivering, while their connections stay open for the acks
      // of what is still queued: that is computed, published and acknowledged first.
      for (const channel of this.channels) channel.pause('stopping');
      this.drainQueues();
      const flushed = await settlesWithin(
        Promise.all(this.handles.map((h) => h.flush())).then(() => this.acks.settled()),
        this.stopTimeoutMs,
      );
      if (!flushed) this.forceStop();
      await Promise.all(
        this.channels.map((c) =>
          this.bounded(
            c.subscriber.stop().catch((e: unknown) => adapterFailed(c.node, e)),
            () => adapterFailed(c.node, new AdapterError(this.forced)),
          ),
        ),
      );
      this.abort?.abort();
      // What push-only sources delivered meanwhile (they have no acks) is computed too.
      this.drainQueues();
      await Promise.all(
        this.handles.map((h) =>
          this.bounded(
            h.stop().catch((e: unknown) => recordPublisherError(this.nodes, h, errorMessage(e))),
            () => {
              h.abandon();
              h.report(`publisher ${h.name} (${h.publisher.uri}): ${this.forced}`);
            },
          ),
        ),
      );
      await settlesWithin(this.acks.settled(), this.stopTimeoutMs);
      for (const node of this.nodes) node.rate = 0;
      this.channels = [];
      this.handles = [];
      this.setState('stopped');
    });
  }

  /** Publishers that did not accept in time: connections are dropped, retries end. */
  private forceStop(): void {
    this.abort?.abort();
    for (const handle of this.handles) {
      if (handle.pending === 0) continue;
      handle.abandon();
      handle.report(
        `publisher ${handle.name} (${handle.publisher.uri}): ${this.forced} with ${handle.pending} messages not accepted`,
      );
    }
  }

  /** Waits for an adapter's start or stop at most the stop timeout; `onLate` when it took longer. */
  private async bounded(work: Promise<unknown>, onLate: () => void): Promise<void> {
    if (await settlesWithin(work, this.stopTimeoutMs)) await work;
    else onLate();
  }

  private drainQueues(): void {
    for (const channel of this.channels) {
      if (channel.depth > 0 && this.fence?.holds(channel, channel.depth)) continue;
      while (channel.depth > 0) this.processOne(channel, this.options.clock.now());
    }
  }

  /** Subscribers keep their position but deliver nothing; no compute runs. */
  suspend(): Promise<void> {
    return this.serially(async () => {
      if (this.currentState === 'stopped') return;
      this.manuallySuspended = true;
      if (this.currentState === 'running') this.toSuspended('suspended by a user');
    });
  }

  resume(): Promise<void> {
    return this.serially(async () => {
      if (this.currentState === 'stopped') return;
      this.manuallySuspended = false;
      const off = this.offReason();
      if (off === undefined) this.toRunning();
      else this.reason = off;
    });
  }

  /**
   * Drops `message` once when the source of `nodeName` delivers it again, within its next
   * SKIP_WINDOW messages, acknowledging it and saying so on the node: the message a compute was
   * stuck on when the watchdog failed the DAG, which an at-least-once source redelivers.
   */
  skipOnce(nodeName: string, message: Message): void {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (node) this.skip = new SkipOnce(node, message);
  }

  /** Puts a message into a subscription node's source, as if it came from outside. */
  async inject(nodeName: string, message: Message): Promise<void> {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (!node || node.type !== 'SubscriptionNode')
      throw new NotFoundError(`DAG ${this.name} has no subscription node "${nodeName}"`);
    const subscriber = node.channel?.subscriber ?? this.wiring.createSubscriberFor(node.name);
    if (!subscriber.inject)
      throw new NotFoundError(
        `the source of node "${nodeName}" (${subscriber.uri}) does not take test messages`,
      );
    await subscriber.inject(message);
  }

  /** True when queues are empty, sources drained (for `--drain`) and nothing awaits acknowledgement. */
  isIdle(): boolean {
    return (
      !this.scheduled &&
      // Messages in a batch still filling up wait for their ack until the stop flushes them.
      (this.acks.waiting === 0 || this.handles.every((h) => h.inFlight === 0)) &&
      this.channels.every((c) => c.depth === 0 && (c.subscriber.isDrained?.() ?? true))
    );
  }

  details(): DagDetails {
    return {
      ...this.summary(),
      config: this.config,
      nodes: this.nodes.map((node) => describeNode(node)),
    };
  }

  summary(): DagSummary {
    return {
      name: this.name,
      description: this.config.description,
      state: this.currentState,
      stateReason: this.reason,
      window: this.window ?? null,
      ...(this.config.schedule ? { schedule: this.config.schedule } : {}),
      propagate: this.config.propagate,
      nodeCount: this.nodes.length,
      rate: this.nodes.reduce((sum, n) => (n.isSource ? sum + n.rate : sum), 0),
      errorCount: this.nodes.reduce((sum, n) => sum + n.errorCount, 0),
    };
  }

  // ---- scheduling ----

  private readonly wake = (): void => {
    if (this.scheduled || this.currentState !== 'running') return;
    this.scheduled = true;
    setImmediate(this.turn);
  };

  private readonly turn = (): void => {
    this.scheduled = false;
    if (this.currentState !== 'running') return;
    const now = this.options.clock.now();
    let budget = TURN_BUDGET;
    let more = true;
    while (more && budget > 0) {
      // A destination that falls behind holds the DAG back (its publisher wakes it again), so
      // that queues fill and sources pause instead of batches piling up in memory.
      if (this.publishersBehind()) return;
      more = false;
      for (const channel of this.channels) {
        let n = Math.min(channel.depth, PER_CHANNEL, budget);
        budget -= n;
        if (n > 0 && this.fence?.holds(channel, n)) n = 0;
        while (n-- > 0) this.processOne(channel, now);
        channel.relieve();
        if (channel.depth > 0) more = true;
      }
    }
    if (more) this.wake();
  };

  private publishersBehind(): boolean {
    for (const handle of this.handles) if (handle.pending > handle.highWater) return true;
    return false;
  }

  private processOne(channel: SubscriptionChannel, now: number): void {
    const message = channel.take() as Message;
    const ack = channel.takeAck();
    if (this.skip !== undefined) {
      const verdict = this.skip.look(channel.node, message);
      if (verdict !== 'other') this.skip = undefined;
      if (verdict === 'skipped') {
        ack?.();
        return;
      }
    }
    const watch = this.watch;
    if (watch !== undefined) {
      watch[WATCH_SEQ] = (watch[WATCH_SEQ] as number) + 1;
      // The DAG and the source computing now, in one store (see workers/watch.ts).
      watch[WATCH_DAG] = this.watchSlot * WATCH_SOURCES + channel.node.index;
    }
    if (ack === undefined) {
      this.graph.deliver(channel.node, message, now);
      if (watch !== undefined) watch[WATCH_DAG] = 0;
      return;
    }
    const pending = this.pending;
    pending.length = 0;
    this.graph.deliver(channel.node, message, now, pending);
    if (watch !== undefined) watch[WATCH_DAG] = 0;
    if (pending.length === 0) {
      ack();
      return;
    }
    // Acknowledged only once every publisher it reached accepted it; a refusal withholds the ack.
    const accepted = pending.length === 1 ? (pending[0] as Promise<void>) : Promise.all(pending);
    this.acks.after(accepted, ack);
  }

  // ---- lifecycle helpers ----

  private toRunning(): void {
    if (this.currentState === 'running') return;
    this.setState('running');
    for (const channel of this.channels) channel.unpause('suspended');
    this.wake();
  }

  private toSuspended(reason: string): void {
    this.setState('suspended', reason);
    for (const channel of this.channels) channel.pause('suspended');
  }

  private setState(state: DagState, reason?: string): void {
    this.currentState = state;
    this.reason = reason;
    if (this.options.events.active)
      this.options.events.emit({
        type: 'state',
        dag: this.name,
        state,
        ...(reason ? { reason } : {}),
      });
  }

  /** Why its window or schedule holds the DAG off now, or undefined when they let it run. */
  private offReason(): string | undefined {
    return this.activity?.offReason(this.options.clock.now());
  }

  /** Switches the DAG by its window and schedule, at their next change. */
  private scheduleWindowCheck(): void {
    const activity = this.activity;
    if (!activity) return;
    const clock = this.options.clock;
    this.windowTimer = clock.setTimeout(() => {
      if (this.currentState === 'stopped') return;
      const off = activity.offReason(clock.now());
      if (!this.manuallySuspended) {
        if (off === undefined) this.toRunning();
        // Also when already off, for another reason now (a holiday ends outside the window).
        else if (this.currentState === 'running' || this.reason !== off) {
          this.toSuspended(off);
        }
      }
      this.scheduleWindowCheck();
    }, activity.msUntilNextCheck(clock.now()));
  }

  private clearTimers(): void {
    if (this.windowTimer) this.options.clock.clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    this.rates.stop();
  }

  private serially(operation: () => Promise<void>): Promise<void> {
    const next = this.transition.then(operation);
    this.transition = next.catch(() => {});
    return next;
  }

  private async startSubscriber(channel: SubscriptionChannel, signal: AbortSignal): Promise<void> {
    try {
      await channel.subscriber.start(channel, signal);
    } catch (error) {
      adapterFailed(channel.node, error);
    }
  }
}
