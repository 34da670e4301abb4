import {
  isInWindow,
  msUntilWindowChange,
  type Connections,
  type Dag,
  type TimeWindow,
} from '@flow/shared';
import type { Clock, TimerHandle } from '../clock';
import type { ComponentRegistry } from '../components/registry';
import { errorMessage, NotFoundError } from '../errors';
import type { Message } from '../message';
import type { HostPolicy } from '../policy/hosts';
import type { MemoryBroker } from '../pubsub/memory-broker';
import { MetronomeSubscriber } from '../pubsub/metronome';
import type { AdapterContext, Subscriber } from '../pubsub/types';
import { buildNodes } from './build-graph';
import { ComputeGraph } from './compute-graph';
import { describeNode, type DagDetails, type DagSummary } from './details';
import type { DagState, EventHub } from './events';
import { PublisherHandle } from './publisher-handle';
import type { RuntimeNode } from './runtime-node';
import { SubscriptionChannel } from './subscription-channel';

export interface DagRuntimeOptions {
  readonly registry: ComponentRegistry;
  readonly broker: MemoryBroker;
  readonly clock: Clock;
  readonly events: EventHub;
  /** Folder that relative `file:` URIs resolve against. */
  readonly baseDir: string;
  readonly connections: Connections;
  readonly hosts?: HostPolicy;
  /** See DagServerOptions.compiledPasses. */
  readonly compiledPasses?: boolean;
}

/** Messages handled per event-loop turn before yielding to I/O and timers. */
const TURN_BUDGET = 4096;
const PER_CHANNEL = 512;
const RATE_INTERVAL_MS = 1000;
const METRONOME_DEPTH = 1000;

/**
 * One DAG while it lives: its lifecycle (`stopped -> running <-> suspended -> stopped`), its time
 * window, the queues between its subscribers and the compute graph, and its publishers.
 */
export class DagRuntime {
  readonly name: string;
  readonly nodes: readonly RuntimeNode[];
  private readonly graph: ComputeGraph;
  private readonly window: TimeWindow | undefined;
  private currentState: DagState = 'stopped';
  private reason: string | undefined;
  private manuallySuspended = false;
  private channels: SubscriptionChannel[] = [];
  private handles: PublisherHandle[] = [];
  private abort: AbortController | undefined;
  private windowTimer: TimerHandle | undefined;
  private rateTimer: TimerHandle | undefined;
  private rateSampledAt = 0;
  private scheduled = false;
  /** Messages waiting for their publishers to accept them before their ack. */
  private awaitingAcks = 0;
  private readonly ackWaiters: (() => void)[] = [];
  /** Reused per message: the acceptance promises of the publishers a message reached. */
  private readonly pending: Promise<void>[] = [];
  private transition: Promise<void> = Promise.resolve();

  constructor(
    readonly config: Dag,
    private readonly options: DagRuntimeOptions,
  ) {
    this.name = config.name;
    this.nodes = buildNodes(config, options.registry);
    const clock = options.clock;
    for (const node of this.nodes) {
      node.onIssue = (n, issue) => this.emitIssue(n, issue);
      node.now = () => clock.now();
    }
    this.graph = new ComputeGraph(config.name, this.nodes, config.propagate, options.events, {
      compiled: options.compiledPasses,
    });
    this.window =
      config.start_time !== undefined && config.end_time !== undefined
        ? { start_time: config.start_time, end_time: config.end_time, timezone: config.timezone }
        : undefined;
  }

  get state(): DagState {
    return this.currentState;
  }

  /** Starts adapters; the DAG runs, or waits suspended when outside its time window. */
  start(): Promise<void> {
    return this.serially(async () => {
      if (this.currentState !== 'stopped') return;
      this.manuallySuspended = false;
      const abort = (this.abort = new AbortController());
      const context = (componentName: string): AdapterContext => ({
        dagName: this.name,
        componentName,
        clock: this.options.clock,
        baseDir: this.options.baseDir,
        broker: this.options.broker,
        connections: this.options.connections,
        ...(this.options.hosts && { hosts: this.options.hosts }),
      });
      this.handles = this.createPublishers(context);
      this.graph.compile();
      this.channels = this.createChannels(context);
      await Promise.all(this.handles.map((h) => h.publisher.start(abort.signal)));
      const inside = this.window === undefined || isInWindow(this.options.clock.now(), this.window);
      this.setState(
        inside ? 'running' : 'suspended',
        inside ? undefined : 'outside its time window',
      );
      if (!inside) for (const channel of this.channels) channel.pause('suspended');
      await Promise.all(this.channels.map((c) => this.startSubscriber(c, abort.signal)));
      this.scheduleWindowCheck();
      this.rateSampledAt = this.options.clock.now();
      for (const node of this.nodes) node.rateBase = node.computeCount;
      this.scheduleRateSample();
      this.wake();
    });
  }

  /**
   * Stops subscribers, computes what they already delivered, flushes publishers and waits for
   * acknowledgements; nothing of this DAG is left running afterwards.
   */
  stop(): Promise<void> {
    return this.serially(async () => {
      if (this.currentState === 'stopped') return;
      this.clearTimers();
      // Sources that can wait stop delivering, while their connections stay open for the acks
      // of what is still queued: that is computed, published and acknowledged first.
      for (const channel of this.channels) channel.pause('stopping');
      this.drainQueues();
      await Promise.all(this.handles.map((h) => h.flush()));
      await this.acksSettled();
      await Promise.all(
        this.channels.map((c) =>
          c.subscriber.stop().catch((e: unknown) => this.adapterFailed(c.node, e)),
        ),
      );
      this.abort?.abort();
      // What push-only sources delivered meanwhile (they have no acks) is computed too.
      this.drainQueues();
      await Promise.all(
        this.handles.map((h) =>
          h.stop().catch((e: unknown) => this.recordPublisherError(h, errorMessage(e))),
        ),
      );
      await this.acksSettled();
      for (const node of this.nodes) node.rate = 0;
      this.channels = [];
      this.handles = [];
      this.setState('stopped');
    });
  }

  private drainQueues(): void {
    for (const channel of this.channels) {
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
      const inside = this.window === undefined || isInWindow(this.options.clock.now(), this.window);
      if (inside) this.toRunning();
      else this.reason = 'outside its time window';
    });
  }

  /** Puts a message into a subscription node's source, as if it came from outside. */
  async inject(nodeName: string, message: Message): Promise<void> {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (!node || node.type !== 'SubscriptionNode')
      throw new NotFoundError(`DAG ${this.name} has no subscription node "${nodeName}"`);
    const subscriber = node.channel?.subscriber ?? this.createSubscriberFor(node.name);
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
      this.awaitingAcks === 0 &&
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
    if (ack === undefined) {
      this.graph.deliver(channel.node, message, now);
      return;
    }
    const pending = this.pending;
    pending.length = 0;
    this.graph.deliver(channel.node, message, now, pending);
    if (pending.length === 0) {
      ack();
      return;
    }
    // Acknowledged only once every publisher it reached accepted it; a refusal withholds the ack.
    const accepted = pending.length === 1 ? (pending[0] as Promise<void>) : Promise.all(pending);
    this.awaitingAcks++;
    accepted.then(ack, () => {}).then(this.ackSettled, this.ackSettled);
  }

  private readonly ackSettled = (): void => {
    if (--this.awaitingAcks === 0) for (const resolve of this.ackWaiters.splice(0)) resolve();
  };

  /** Resolves once no message waits for its publishers to accept it. */
  private acksSettled(): Promise<void> {
    return this.awaitingAcks === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.ackWaiters.push(resolve));
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

  private scheduleWindowCheck(): void {
    const window = this.window;
    if (!window) return;
    const clock = this.options.clock;
    this.windowTimer = clock.setTimeout(
      () => {
        if (this.currentState === 'stopped') return;
        const inside = isInWindow(clock.now(), window);
        if (!this.manuallySuspended) {
          if (inside) this.toRunning();
          else if (this.currentState === 'running') this.toSuspended('outside its time window');
        }
        this.scheduleWindowCheck();
      },
      msUntilWindowChange(clock.now(), window),
    );
  }

  private scheduleRateSample(): void {
    const clock = this.options.clock;
    this.rateTimer = clock.setTimeout(() => {
      const now = clock.now();
      const seconds = Math.max(0.001, (now - this.rateSampledAt) / 1000);
      for (const node of this.nodes) {
        node.rate = (node.computeCount - node.rateBase) / seconds;
        node.rateBase = node.computeCount;
      }
      this.rateSampledAt = now;
      this.scheduleRateSample();
    }, RATE_INTERVAL_MS);
  }

  private clearTimers(): void {
    if (this.windowTimer) this.options.clock.clearTimeout(this.windowTimer);
    if (this.rateTimer) this.options.clock.clearTimeout(this.rateTimer);
    this.windowTimer = this.rateTimer = undefined;
  }

  private serially(operation: () => Promise<void>): Promise<void> {
    const next = this.transition.then(operation);
    this.transition = next.catch(() => {});
    return next;
  }

  // ---- adapters ----

  private createPublishers(context: (name: string) => AdapterContext): PublisherHandle[] {
    const handles = new Map<string, PublisherHandle>();
    for (const spec of this.config.publishers) {
      const publisher = this.options.registry.createPublisher(spec.config, context(spec.name));
      const settings = {
        batch_size: Number(spec.config.batch_size ?? 1),
        publish_interval: Number(spec.config.publish_interval ?? 0),
      };
      const handle = new PublisherHandle(
        spec.name,
        publisher,
        settings,
        this.options.clock,
        (message, batch) => this.recordPublisherError(handle, message, batch),
      );
      handle.onRelieved = this.wake;
      handles.set(spec.name, handle);
    }
    for (const spec of this.config.nodes) {
      if (spec.type !== 'PublicationNode') continue;
      const node = this.nodes.find((n) => n.name === spec.name) as RuntimeNode;
      node.publishers = spec.config.publishers.map((p) => handles.get(p) as PublisherHandle);
    }
    return [...handles.values()];
  }

  private createChannels(context: (name: string) => AdapterContext): SubscriptionChannel[] {
    const channels: SubscriptionChannel[] = [];
    for (const spec of this.config.nodes) {
      const node = this.nodes.find((n) => n.name === spec.name) as RuntimeNode;
      let subscriber: Subscriber;
      let maxDepth: number;
      let deadLetter: PublisherHandle | undefined;
      if (spec.type === 'SubscriptionNode') {
        const sub = this.config.subscribers.find((s) => s.name === spec.config.subscriber);
        subscriber = this.options.registry.createSubscriber(
          sub?.config ?? {},
          context(spec.config.subscriber),
        );
        maxDepth = Number(sub?.config.max_depth ?? 10_000);
        if (typeof sub?.config.dead_letter === 'string') {
          deadLetter = this.createDeadLetter(
            node,
            sub.config.dead_letter,
            context(`${sub.name}_dead_letter`),
          );
        }
      } else if (spec.type === 'MetronomeNode') {
        subscriber = new MetronomeSubscriber(spec.config.interval_ms, this.options.clock);
        maxDepth = METRONOME_DEPTH;
      } else continue;
      const channel = new SubscriptionChannel(node, subscriber, maxDepth, this.wake, (c) =>
        this.emitConnection(c),
      );
      if (deadLetter) {
        const handle = deadLetter;
        channel.onReject = (payload) =>
          void handle.offer({
            error: payload.reason,
            origin: payload.origin,
            payload: payload.raw ?? payload.preview,
            dag: this.name,
            node: node.name,
            time: new Date(this.options.clock.now()).toISOString(),
          });
      }
      node.channel = channel;
      channels.push(channel);
    }
    return channels;
  }

  /** The publisher that payloads a subscriber could not read are sent to. */
  private createDeadLetter(
    node: RuntimeNode,
    destination: string,
    context: AdapterContext,
  ): PublisherHandle {
    const settings = { batch_size: 1, publish_interval: 0 };
    const publisher = this.options.registry.createPublisher({ destination, ...settings }, context);
    const handle = new PublisherHandle(
      `${node.name} dead letter`,
      publisher,
      settings,
      this.options.clock,
      (message) => node.record('error', message, undefined),
    );
    handle.onRelieved = this.wake;
    this.handles.push(handle);
    return handle;
  }

  private createSubscriberFor(nodeName: string): Subscriber {
    const spec = this.config.nodes.find((n) => n.name === nodeName);
    const sub =
      spec?.type === 'SubscriptionNode'
        ? this.config.subscribers.find((s) => s.name === spec.config.subscriber)
        : undefined;
    if (!sub) throw new NotFoundError(`DAG ${this.name} has no subscription node "${nodeName}"`);
    return this.options.registry.createSubscriber(sub.config, {
      dagName: this.name,
      componentName: sub.name,
      clock: this.options.clock,
      baseDir: this.options.baseDir,
      broker: this.options.broker,
      connections: this.options.connections,
      ...(this.options.hosts && { hosts: this.options.hosts }),
    });
  }

  private async startSubscriber(channel: SubscriptionChannel, signal: AbortSignal): Promise<void> {
    try {
      await channel.subscriber.start(channel, signal);
    } catch (error) {
      this.adapterFailed(channel.node, error);
    }
  }

  private adapterFailed(node: RuntimeNode, error: unknown): void {
    node.record(
      'error',
      `${node.channel?.subscriber.uri ?? 'adapter'}: ${errorMessage(error)}`,
      undefined,
    );
  }

  private recordPublisherError(
    handle: PublisherHandle,
    message: string,
    batch?: readonly Message[],
  ): void {
    for (const node of this.nodes) {
      if (node.publishers.includes(handle))
        node.record('error', message, batch?.length === 1 ? batch[0] : batch);
    }
  }

  private emitIssue(node: RuntimeNode, issue: RuntimeNode['issues'][number]): void {
    if (this.options.events.active)
      this.options.events.emit({ type: 'issue', dag: this.name, node: node.name, issue });
  }

  private emitConnection(channel: SubscriptionChannel): void {
    if (this.options.events.active) {
      this.options.events.emit({
        type: 'connection',
        dag: this.name,
        node: channel.node.name,
        status: channel.status,
      });
    }
  }
}
