import type { Connections, Dag } from '@flow/shared';
import type { Clock } from '../clock';
import type { ComponentRegistry } from '../components/registry';
import { InvariantError, NotFoundError } from '../errors';
import type { Message } from '../message';
import type { FileRoots } from '../policy/file-roots';
import type { MemoryBroker } from '../pubsub/memory-broker';
import { MetronomeNodeSource } from '../pubsub/metronome-node';
import type { HostPolicy } from '../policy/hosts';
import type { PositionStore } from '../pubsub/positions';
import type { AdapterContext, Subscriber } from '../pubsub/types';
import { PublisherHandle } from './publisher-handle';
import type { RuntimeNode } from './runtime-node';
import { SubscriptionChannel } from './subscription-channel';

const METRONOME_DEPTH = 1000;

type SubscriberSpec = Dag['subscribers'][number];

/** What a DAG's adapters are built with: the engine's shared services and the admin's bounds. */
export interface AdapterEnvironment {
  readonly registry: ComponentRegistry;
  readonly broker: MemoryBroker;
  readonly clock: Clock;
  /** Folder that relative `file:` URIs resolve against. */
  readonly baseDir: string;
  readonly connections: Connections;
  /** Which hosts network adapters may connect to (`ALLOWED_HOSTS`); absent: any. */
  readonly hosts?: HostPolicy;
  /** The folders `file:` URIs must stay inside; undefined: unbound. */
  readonly fileRoots?: FileRoots;
  /** Where file subscribers keep their read positions. */
  readonly positions?: PositionStore;
}

/** How the wiring reports back to the DAG it builds adapters for. */
export interface WiringHooks {
  readonly wake: () => void;
  readonly publisherError: (
    handle: PublisherHandle,
    message: string,
    batch?: readonly Message[],
  ) => void;
  readonly connectionChanged: (channel: SubscriptionChannel) => void;
}

/**
 * Builds a DAG's adapters from its config: publishers (wrapped in handles that batch and retry),
 * the queues between subscribers and source nodes, and dead-letter destinations.
 */
export class AdapterWiring {
  constructor(
    private readonly config: Dag,
    private readonly nodes: readonly RuntimeNode[],
    private readonly env: AdapterEnvironment,
    private readonly hooks: WiringHooks,
  ) {}

  context(componentName: string): AdapterContext {
    const env = this.env;
    return {
      dagName: this.config.name,
      componentName,
      clock: env.clock,
      baseDir: env.baseDir,
      broker: env.broker,
      connections: env.connections,
      ...(env.hosts ? { hosts: env.hosts } : {}),
      ...(env.fileRoots ? { fileRoots: env.fileRoots } : {}),
      ...(env.positions ? { positions: env.positions } : {}),
      subscriberNamed: (name) => this.subscriberNamed(name),
    };
  }

  /** A new subscriber of the DAG's subscriber `name`, with its own context (a fanin's sources). */
  private subscriberNamed(name: string): Subscriber {
    const sub = this.config.subscribers.find((s) => s.name === name);
    if (!sub) throw new InvariantError(`no subscriber named "${name}"`);
    return this.env.registry.createSubscriber(sub.config, this.context(name));
  }

  /** The publisher handles, each linked to the nodes that publish to it. */
  createPublishers(): PublisherHandle[] {
    const handles = new Map<string, PublisherHandle>();
    for (const spec of this.config.publishers) {
      const publisher = this.env.registry.createPublisher(spec.config, this.context(spec.name));
      const settings = {
        batch_size: spec.config.batch_size,
        publish_interval: spec.config.publish_interval,
      };
      const handle = new PublisherHandle(
        spec.name,
        publisher,
        settings,
        this.env.clock,
        (message, batch) => this.hooks.publisherError(handle, message, batch),
      );
      handle.onRelieved = this.hooks.wake;
      handles.set(spec.name, handle);
    }
    for (const spec of this.config.nodes) {
      const names = 'publishers' in spec.config ? (spec.config.publishers ?? []) : [];
      if (names.length === 0) continue;
      const node = this.node(spec.name);
      node.publishers = names.map((p) => handles.get(p) as PublisherHandle);
    }
    return [...handles.values()];
  }

  /** One channel per source node; dead-letter handles are appended to `handles`. */
  createChannels(handles: PublisherHandle[]): SubscriptionChannel[] {
    const channels: SubscriptionChannel[] = [];
    for (const spec of this.config.nodes) {
      const node = this.node(spec.name);
      let subscriber: Subscriber;
      let maxDepth: number;
      let own: SubscriberSpec | undefined;
      if (spec.type === 'SubscriptionNode') {
        own = this.subscriberSpec(spec.config.subscriber);
        subscriber = this.env.registry.createSubscriber(own.config, this.context(own.name));
        maxDepth = own.config.max_depth;
      } else if (spec.type === 'MetronomeNode') {
        // Its own subscriber, if any, feeds its ticks (see MetronomeNodeSource).
        const name = spec.config.subscriber;
        own = name === undefined ? undefined : this.subscriberSpec(name);
        subscriber = new MetronomeNodeSource({
          intervalMs: spec.config.interval_ms,
          clock: this.env.clock,
          emits: spec.config.emits ?? 'tick',
          source: own && this.env.registry.createSubscriber(own.config, this.context(own.name)),
          maxDepth: own?.config.max_depth,
        });
        maxDepth = METRONOME_DEPTH;
      } else continue;
      let deadLetter: PublisherHandle | undefined;
      if (own !== undefined && typeof own.config.dead_letter === 'string') {
        deadLetter = this.createDeadLetter(node, own.config.dead_letter, `${own.name}_dead_letter`);
        handles.push(deadLetter);
      }
      const channel = new SubscriptionChannel(
        node,
        subscriber,
        maxDepth,
        this.hooks.wake,
        this.hooks.connectionChanged,
      );
      if (deadLetter) {
        const handle = deadLetter;
        channel.onReject = (payload) =>
          void handle.offer({
            error: payload.reason,
            origin: payload.origin,
            payload: payload.raw ?? payload.preview,
            dag: this.config.name,
            node: node.name,
            time: new Date(this.env.clock.now()).toISOString(),
          });
      }
      node.channel = channel;
      channels.push(channel);
    }
    return channels;
  }

  private subscriberSpec(name: string): SubscriberSpec {
    const sub = this.config.subscribers.find((s) => s.name === name);
    if (!sub) throw new InvariantError(`no subscriber named "${name}"`);
    return sub;
  }

  /** A subscriber for a node while its DAG is stopped (for test messages). */
  createSubscriberFor(nodeName: string): Subscriber {
    const spec = this.config.nodes.find((n) => n.name === nodeName);
    const sub =
      spec?.type === 'SubscriptionNode'
        ? this.config.subscribers.find((s) => s.name === spec.config.subscriber)
        : undefined;
    if (!sub)
      throw new NotFoundError(`DAG ${this.config.name} has no subscription node "${nodeName}"`);
    return this.env.registry.createSubscriber(sub.config, this.context(sub.name));
  }

  /** The publisher that payloads a subscriber could not read are sent to. */
  private createDeadLetter(
    node: RuntimeNode,
    destination: string,
    componentName: string,
  ): PublisherHandle {
    const settings = { batch_size: 1, publish_interval: 0 };
    const publisher = this.env.registry.createPublisher(
      { destination, ...settings },
      this.context(componentName),
    );
    const handle = new PublisherHandle(
      `${node.name} dead letter`,
      publisher,
      settings,
      this.env.clock,
      (message) => node.record('error', message, undefined),
    );
    handle.onRelieved = this.hooks.wake;
    return handle;
  }

  private node(name: string): RuntimeNode {
    return this.nodes.find((n) => n.name === name) as RuntimeNode;
  }
}
