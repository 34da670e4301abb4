import type { z } from 'zod';
import type { ConnectionStatus, Connections } from '@flow/shared';
import type { Clock } from '../clock';
import type { Message } from '../message';
import type { FileRoots } from '../policy/file-roots';
import type { MemoryBroker } from './memory-broker';
import type { PositionStore } from './positions';
import type { HostPolicy } from '../policy/hosts';

/** The state of an adapter's connection, shown on its node (the API's own type). */
export type { ConnectionStatus } from '@flow/shared';

/** Acknowledges a message to its source once every publisher it reached has accepted it. */
export type Ack = () => void;

/** A payload the adapter could not turn into a message: recorded on the node, the rest flows. */
export interface RejectedPayload {
  readonly reason: string;
  readonly preview: string;
  /** Where it came from: `file.jsonl:12`, `topic/partition/offset`, a list name, a row id. */
  readonly origin: string;
  /** The payload as received, for the dead-letter destination. */
  readonly raw?: string;
}

/** What a subscriber delivers into: the engine's bounded queue of its SubscriptionNode. */
export interface SubscriberSink {
  deliver(message: Message, ack?: Ack): void;
  reject(payload: RejectedPayload, ack?: Ack): void;
  connection(status: ConnectionStatus): void;
}

export interface Subscriber {
  readonly uri: string;
  /**
   * `pause`: the source can wait (a queue, a file, a Kafka partition): when the node's queue is
   * full the engine calls pause() and later resume(). `drop-oldest`: the source pushes whether we
   * want it or not (pub/sub); the engine drops the oldest queued message and counts it.
   */
  readonly flowControl: 'pause' | 'drop-oldest';
  /** Resolves once the subscriber is running; it stops when the signal aborts or stop() is called. */
  start(sink: SubscriberSink, signal: AbortSignal): Promise<void>;
  pause(): void;
  resume(): void;
  /** Stops delivering and releases the connection; the source keeps what was not delivered. */
  stop(): Promise<void>;
  /** True when everything the source holds right now has been delivered (for `flow run --drain`). */
  isDrained?(): boolean;
  /** Puts a message into this subscriber's own source, as if it came from outside (admin test messages). */
  inject?(message: Message): Promise<void>;
}

export interface Publisher {
  readonly uri: string;
  start(signal: AbortSignal): Promise<void>;
  /** Sends a batch; the batch is accepted when the returned promise (if any) resolves. */
  publish(batch: readonly Message[]): void | Promise<void>;
  /**
   * Optional: sends one message as `publish([message])` would. An unbatched publisher that has
   * it gets each message this way, without an array per message.
   */
  publishOne?(message: Message): void | Promise<void>;
  /** Releases the connection after everything already published was accepted. */
  stop(): Promise<void>;
  connectionStatus?(): ConnectionStatus;
}

/** What every adapter gets besides its config. */
export interface AdapterContext {
  readonly dagName: string;
  readonly componentName: string;
  readonly clock: Clock;
  /** Folder relative `file:` URIs are resolved against (the DAG file's folder). */
  readonly baseDir: string;
  readonly broker: MemoryBroker;
  /** Named connections from the server settings. Never logged, never sent to a browser. */
  readonly connections: Connections;
  /** The folders `file:` URIs must stay inside; undefined: unbound (the CLI without --file-roots). */
  readonly fileRoots?: FileRoots;
  /** Where file subscribers keep their read positions; undefined: they read from the top. */
  readonly positions?: PositionStore;
  /** Which hosts network adapters may connect to (`ALLOWED_HOSTS`); absent: any. */
  readonly hosts?: HostPolicy;
  /** Creates the subscriber of another subscriber of the same DAG, by name (for `fanin://`). */
  readonly subscriberNamed?: (name: string) => Subscriber;
}

export interface SubscriberAdapter<S extends z.ZodType = z.ZodType> {
  readonly configSchema: S;
  createSubscriber(config: z.output<S>, context: AdapterContext): Subscriber;
}

export interface PublisherAdapter<S extends z.ZodType = z.ZodType> {
  readonly configSchema: S;
  createPublisher(config: z.output<S>, context: AdapterContext): Publisher;
}
