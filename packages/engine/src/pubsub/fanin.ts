import { faninSources, subscriberConfigSchemas } from '@flow/shared';
import { AdapterError } from '../errors';
import type { Message } from '../message';
import type { ConnectionStatus, Subscriber, SubscriberAdapter, SubscriberSink } from './types';

/** Which connection state a fanin shows when its sources differ: the first of these any has. */
const SHOWN_FIRST: readonly ConnectionStatus['state'][] = [
  'reconnecting',
  'connecting',
  'connected',
  'closed',
];

/**
 * `fanin://a,b,c` (the original system's FaninDataSubscriber): one subscriber over the DAG's
 * subscribers a, b and c. Each is created as it would be alone (its own connection, file roots
 * and host policy, its own consumer group) and delivers into this one's sink, so their messages
 * reach the node's one queue in the order they arrive. When every source can wait, a full queue
 * pauses them all; when any cannot (a topic), the queue drops its oldest instead, so that its
 * bound holds.
 */
export class FaninSubscriber implements Subscriber {
  readonly flowControl: 'pause' | 'drop-oldest';
  private readonly statuses = new Map<Subscriber, ConnectionStatus>();
  private shown: ConnectionStatus['state'] | undefined;

  constructor(
    readonly uri: string,
    private readonly sources: readonly Subscriber[],
  ) {
    this.flowControl = sources.every((s) => s.flowControl === 'pause') ? 'pause' : 'drop-oldest';
  }

  /** Starts every source; one that cannot start fails this start, the others run on. */
  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    const started = await Promise.allSettled(
      this.sources.map((source) =>
        source.start(
          {
            deliver: (message, ack) => sink.deliver(message, ack),
            reject: (payload, ack) => sink.reject(payload, ack),
            connection: (status) => this.report(sink, source, status),
          },
          signal,
        ),
      ),
    );
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** A source's error is shown as it comes, naming the source; the state is the sources' worst. */
  private report(sink: SubscriberSink, source: Subscriber, status: ConnectionStatus): void {
    this.statuses.set(source, status);
    const states = [...this.statuses.values()].map((s) => s.state);
    const state =
      this.statuses.size < this.sources.length && !states.includes('reconnecting')
        ? 'connecting'
        : (SHOWN_FIRST.find((s) => states.includes(s)) ?? 'connecting');
    if (status.error !== undefined)
      sink.connection({ ...status, state, error: `${source.uri}: ${status.error}` });
    else if (state !== this.shown) sink.connection({ state });
    this.shown = state;
  }

  pause(): void {
    for (const source of this.sources) source.pause();
  }

  resume(): void {
    for (const source of this.sources) source.resume();
  }

  async stop(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.stop()));
  }

  isDrained(): boolean {
    return this.sources.every((s) => s.isDrained?.() ?? true);
  }

  /** A test message goes into the first source that takes one. */
  async inject(message: Message): Promise<void> {
    const source = this.sources.find((s) => s.inject !== undefined);
    if (!source?.inject) throw new AdapterError(`no source of ${this.uri} takes test messages`);
    await source.inject(message);
  }
}

export const faninSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.fanin> = {
  configSchema: subscriberConfigSchemas.fanin,
  createSubscriber(config, context) {
    const create = context.subscriberNamed;
    if (!create) throw new AdapterError(`${config.source} reads other subscribers of a DAG only`);
    return new FaninSubscriber(config.source, faninSources(config.source).map(create));
  },
};
