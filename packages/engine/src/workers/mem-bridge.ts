import { dequal } from 'dequal';
import type { Message } from '../message';
import {
  MemoryBroker,
  MemoryQueue,
  MemoryTopic,
  type MemoryConsumer,
} from '../pubsub/memory-broker';
import { RingBuffer } from '../ring-buffer';
import type { HostToWorker, MemKind, WorkerToHost } from './protocol';

/**
 * `mem://` across worker threads. The queues and topics live in the host thread's broker, as
 * they did when every DAG ran there: a queue keeps its order and hands each message to one
 * consumer, whichever worker it is on. Crossing costs a structured clone per message, so both
 * directions are batched: what a worker publishes in one turn goes over as one message, and what
 * the host has for a worker's subscription goes over in one message per turn, at most CREDIT
 * messages ahead of what the worker's DAG computed (so a paused subscriber holds the rest in the
 * host's queue, where it waits as it would in one thread). The host keeps what a worker has not
 * computed yet: when the worker fails, its queue messages go back to the front of their queue
 * for the thread that replaces it, so a restart loses none (topics keep nothing, as ever).
 */
export const CREDIT = 8192;

/** Sends one message across, or drops it with a log line when it cannot be cloned. */
function sendOne(send: () => void, destination: string | undefined): void {
  try {
    send();
  } catch (error) {
    console.error(
      `mem://${destination ?? ''}: a message that cannot cross threads was dropped`,
      error,
    );
  }
}

/** The worker's side: a broker whose queues and topics forward to the host's. */
export class RemoteBroker extends MemoryBroker {
  private readonly outbox = new Map<string, [MemKind, string, Message[]]>();
  private scheduled = false;
  private nextLink = 1;
  private readonly links = new Map<number, Link>();
  private readonly views = new Map<string, RemoteView>();
  private readonly untagged = new RemoteView(this, undefined);

  constructor(private readonly send: (frame: WorkerToHost) => void) {
    super();
  }

  override queue(name: string): MemoryQueue {
    return this.untagged.queue(name);
  }

  override topic(name: string): MemoryTopic {
    return this.untagged.topic(name);
  }

  /** The broker one DAG's adapters use: its subscriptions are known by the DAG in the host. */
  forDag(dag: string): MemoryBroker {
    let view = this.views.get(dag);
    if (!view) this.views.set(dag, (view = new RemoteView(this, dag)));
    return view;
  }

  enqueue(kind: MemKind, name: string, message: Message): void {
    const key = `${kind}/${name}`;
    let entry = this.outbox.get(key);
    if (!entry) this.outbox.set(key, (entry = [kind, name, []]));
    entry[2].push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flushOutbox);
    }
  }

  private readonly flushOutbox = (): void => {
    this.scheduled = false;
    const batch = [...this.outbox.values()];
    this.outbox.clear();
    try {
      this.send({ t: 'mem.push', batch });
    } catch {
      // One message that cannot be cloned (nested past the stack) must not take the rest along.
      for (const [kind, name, messages] of batch)
        for (const message of messages)
          sendOne(() => this.send({ t: 'mem.push', batch: [[kind, name, [message]]] }), name);
    }
  };

  attach(
    kind: MemKind,
    name: string,
    consumer: MemoryConsumer,
    dag: string | undefined,
  ): { link: Link; detach: () => void } {
    const id = this.nextLink++;
    const link = new Link(id, consumer, kind === 'queue', this.send);
    this.links.set(id, link);
    this.send({ t: 'mem.attach', link: id, kind, name, ...(dag !== undefined ? { dag } : {}) });
    return {
      link,
      detach: () => {
        if (!this.links.delete(id)) return;
        this.send({ t: 'mem.detach', link: id });
      },
    };
  }

  /** Messages from the host for one subscription. */
  receive(frame: Extract<HostToWorker, { t: 'mem' }>): void {
    this.links.get(frame.link)?.take(frame.messages);
  }
}

class Link {
  private readonly buffer = new RingBuffer<Message>(64);
  /** Messages handed over, and computed (contiguously from the first). */
  private handed = 0;
  private computed = 0;
  private readonly computedOutOfOrder = new Set<number>();
  private credited = 0;
  private crediting = false;

  constructor(
    readonly id: number,
    private readonly consumer: MemoryConsumer,
    /** Queues wait for a paused consumer; topics deliver anyway (it drops the oldest). */
    private readonly waits: boolean,
    private readonly send: (frame: WorkerToHost) => void,
  ) {}

  take(messages: readonly Message[]): void {
    for (let i = 0; i < messages.length; i++) this.buffer.push(messages[i] as Message);
    this.drain();
  }

  drain(): void {
    const buffer = this.buffer;
    if (!this.waits) {
      while (buffer.length > 0) this.consumer.receive(buffer.shift() as Message);
      return;
    }
    while (buffer.length > 0 && !this.consumer.paused)
      this.consumer.receive(buffer.shift() as Message, this.ackOf(this.handed++));
  }

  /** A queue message's acknowledgement: computed (and published) by the worker's DAG. */
  private ackOf(seq: number): () => void {
    return () => {
      if (seq !== this.computed) {
        this.computedOutOfOrder.add(seq);
        return;
      }
      this.computed++;
      while (this.computedOutOfOrder.delete(this.computed)) this.computed++;
      if (this.crediting) return;
      this.crediting = true;
      queueMicrotask(this.credit);
    };
  }

  /** Tells the host, once per turn, how many it may forget and send anew. */
  private readonly credit = (): void => {
    this.crediting = false;
    const count = this.computed - this.credited;
    this.credited = this.computed;
    if (count > 0) this.send({ t: 'mem.credit', link: this.id, count });
  };
}

/** The queues and topics of one DAG (or of none), forwarding to the host's. */
class RemoteView extends MemoryBroker {
  private readonly remoteQueues = new Map<string, MemoryQueue>();
  private readonly remoteTopics = new Map<string, MemoryTopic>();

  constructor(
    private readonly root: RemoteBroker,
    private readonly dag: string | undefined,
  ) {
    super();
  }

  override queue(name: string): MemoryQueue {
    let q = this.remoteQueues.get(name);
    if (!q) this.remoteQueues.set(name, (q = new RemoteQueue(name, this.root, this.dag)));
    return q;
  }

  override topic(name: string): MemoryTopic {
    let t = this.remoteTopics.get(name);
    if (!t) this.remoteTopics.set(name, (t = new RemoteTopic(name, this.root, this.dag)));
    return t;
  }
}

class RemoteQueue extends MemoryQueue {
  private readonly local: Link[] = [];

  constructor(
    name: string,
    private readonly broker: RemoteBroker,
    private readonly dag: string | undefined,
  ) {
    super(name);
  }

  override get depth(): number {
    return 0;
  }

  override push(message: Message): void {
    this.broker.enqueue('queue', this.name, message);
  }

  override attach(consumer: MemoryConsumer): () => void {
    const { link, detach } = this.broker.attach('queue', this.name, consumer, this.dag);
    this.local.push(link);
    return () => {
      this.local.splice(this.local.indexOf(link), 1);
      detach();
    };
  }

  /** A consumer resumed: what waits here for it goes on. */
  override flush(): void {
    for (const link of this.local) link.drain();
  }
}

class RemoteTopic extends MemoryTopic {
  constructor(
    name: string,
    private readonly broker: RemoteBroker,
    private readonly dag: string | undefined,
  ) {
    super(name);
  }

  override push(message: Message): void {
    this.broker.enqueue('topic', this.name, message);
  }

  override attach(consumer: MemoryConsumer): () => void {
    return this.broker.attach('topic', this.name, consumer, this.dag).detach;
  }
}

/** The host's side for one worker: its subscriptions, as consumers of the host's broker. */
export class MemoryLinks {
  private readonly links = new Map<
    number,
    { consumer: RemoteConsumer; detach: () => void; dag: string | undefined }
  >();

  constructor(
    private readonly broker: MemoryBroker,
    private readonly send: (frame: HostToWorker) => void,
  ) {}

  handle(
    frame: Extract<WorkerToHost, { t: 'mem.push' | 'mem.attach' | 'mem.detach' | 'mem.credit' }>,
  ): void {
    switch (frame.t) {
      case 'mem.push':
        for (const [kind, name, messages] of frame.batch) {
          const destination = kind === 'queue' ? this.broker.queue(name) : this.broker.topic(name);
          for (let i = 0; i < messages.length; i++) destination.push(messages[i] as Message);
        }
        return;
      case 'mem.attach': {
        const queue = frame.kind === 'queue' ? this.broker.queue(frame.name) : undefined;
        const consumer = new RemoteConsumer(frame.link, this.send, queue);
        const detach = (queue ?? this.broker.topic(frame.name)).attach(consumer);
        this.links.set(frame.link, { consumer, detach, dag: frame.dag });
        return;
      }
      case 'mem.detach': {
        const link = this.links.get(frame.link);
        this.links.delete(frame.link);
        link?.detach();
        link?.consumer.requeue(undefined);
        return;
      }
      case 'mem.credit':
        this.links.get(frame.link)?.consumer.credit(frame.count);
        return;
    }
  }

  /**
   * The worker is gone: its subscriptions stop taking messages, and give back what they held,
   * but for `poison`, the message a DAG was stuck on (it would stick its DAG again).
   */
  close(poison?: { readonly dag: string; readonly message: unknown }): void {
    for (const { consumer, detach, dag } of this.links.values()) {
      detach();
      consumer.requeue(poison && poison.dag === dag ? poison.message : undefined);
    }
    this.links.clear();
  }
}

class RemoteConsumer implements MemoryConsumer {
  /** Queue messages sent and not yet computed by the worker, oldest first. */
  private readonly unacked = new RingBuffer<Message>(64);
  private batch: Message[] = [];
  private scheduled = false;

  constructor(
    private readonly link: number,
    private readonly send: (frame: HostToWorker) => void,
    private readonly queue: MemoryQueue | undefined,
  ) {}

  get paused(): boolean {
    return this.unacked.length >= CREDIT;
  }

  receive(message: Message): void {
    this.batch.push(message);
    if (this.queue) this.unacked.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const messages = this.batch;
    this.batch = [];
    try {
      this.send({ t: 'mem', link: this.link, messages });
    } catch {
      for (const message of messages)
        sendOne(
          () => this.send({ t: 'mem', link: this.link, messages: [message] }),
          this.queue?.name,
        );
    }
  };

  credit(count: number): void {
    const wasPaused = this.paused;
    for (let i = 0; i < count; i++) this.unacked.shift();
    if (wasPaused && !this.paused) this.queue?.flush();
  }

  /** The worker went: what it did not compute goes back to the front of the queue. */
  requeue(poison: unknown): void {
    const messages: Message[] = [];
    let skipped = poison === undefined;
    while (this.unacked.length > 0) {
      const message = this.unacked.shift() as Message;
      if (!skipped && dequal(message, poison)) skipped = true;
      else messages.push(message);
    }
    this.batch = [];
    this.queue?.requeue(messages);
  }
}
