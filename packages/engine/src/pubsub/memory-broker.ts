import type { Message } from '../message';
import { RingBuffer } from '../ring-buffer';

/** A consumer of an in-memory queue or topic. */
export interface MemoryConsumer {
  /** `ack`, when given (a queue in another thread), is called once the message was computed. */
  receive(message: Message, ack?: () => void): void;
  readonly paused: boolean;
}

/**
 * A point-to-point queue: each message goes to one consumer (round-robin); messages wait in the
 * queue while no consumer is ready, so a paused consumer loses nothing.
 */
export class MemoryQueue {
  private readonly buffer = new RingBuffer<Message>(1024);
  private readonly consumers: MemoryConsumer[] = [];
  private next = 0;

  constructor(readonly name: string) {}

  get depth(): number {
    return this.buffer.length;
  }

  push(message: Message): void {
    if (this.buffer.length === 0) {
      const consumer = this.readyConsumer();
      if (consumer) {
        consumer.receive(message);
        return;
      }
    }
    this.buffer.push(message);
  }

  /** Puts messages back at the front, in their order (taken by a consumer that went away). */
  requeue(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    const rest: Message[] = [];
    while (this.buffer.length > 0) rest.push(this.buffer.shift() as Message);
    for (const message of messages) this.buffer.push(message);
    for (const message of rest) this.buffer.push(message);
    this.flush();
  }

  attach(consumer: MemoryConsumer): () => void {
    this.consumers.push(consumer);
    this.flush();
    return () => {
      const i = this.consumers.indexOf(consumer);
      if (i !== -1) this.consumers.splice(i, 1);
    };
  }

  /** Hands waiting messages to ready consumers; call when a consumer resumes. */
  flush(): void {
    while (this.buffer.length > 0) {
      const consumer = this.readyConsumer();
      if (!consumer) return;
      consumer.receive(this.buffer.shift() as Message);
    }
  }

  private readyConsumer(): MemoryConsumer | undefined {
    const n = this.consumers.length;
    if (n === 1) {
      const only = this.consumers[0] as MemoryConsumer;
      return only.paused ? undefined : only;
    }
    for (let i = 0; i < n; i++) {
      const consumer = this.consumers[(this.next + i) % n] as MemoryConsumer;
      if (!consumer.paused) {
        this.next = (this.next + i + 1) % n;
        return consumer;
      }
    }
    return undefined;
  }
}

/** A topic: every message goes to every consumer attached at the time; nothing is kept. */
export class MemoryTopic {
  private readonly consumers = new Set<MemoryConsumer>();

  constructor(readonly name: string) {}

  push(message: Message): void {
    for (const consumer of this.consumers) consumer.receive(message);
  }

  attach(consumer: MemoryConsumer): () => void {
    this.consumers.add(consumer);
    return () => this.consumers.delete(consumer);
  }
}

/** The in-process broker behind `mem://queue/NAME` and `mem://topic/NAME`, shared by the DAGs of one server. */
export class MemoryBroker {
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly topics = new Map<string, MemoryTopic>();

  queue(name: string): MemoryQueue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new MemoryQueue(name)));
    return q;
  }

  topic(name: string): MemoryTopic {
    let t = this.topics.get(name);
    if (!t) this.topics.set(name, (t = new MemoryTopic(name)));
    return t;
  }
}
