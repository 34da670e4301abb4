import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryBroker,
  systemClock,
  type Ack,
  type AdapterContext,
  type ConnectionStatus,
  type Message,
  type Publisher,
  type RejectedPayload,
  type Subscriber,
  type SubscriberSink,
} from '../../src/index';
import { connectionsSchema } from '@flow/shared';

/** One adapter under the shared contract: how to make a fresh source/destination pair for a test. */
export interface ContractSubject {
  readonly name: string;
  /** Creates a subscriber and a publisher on a fresh, unique source (topic, list, queue, table). */
  create(): Promise<{ subscriber: () => Subscriber; publisher: () => Publisher }>;
  /** Puts a raw payload, which need not be JSON, into the source the last `create` made. */
  putRaw(raw: string): Promise<void>;
  /** Whether messages carry acknowledgements, and unacknowledged ones come again after a restart. */
  readonly acknowledges: boolean;
  readonly flowControl: 'pause' | 'drop-oldest';
  /** Milliseconds a subscriber may need before it receives what is published after start. */
  readonly settleMs?: number;
}

export function adapterContext(name: string, connections: unknown = {}): AdapterContext {
  return {
    dagName: 'contract',
    componentName: name,
    clock: systemClock,
    baseDir: process.cwd(),
    broker: new MemoryBroker(),
    connections: connectionsSchema.parse(connections),
  };
}

/** A sink that records what a subscriber delivers. */
export class RecordingSink implements SubscriberSink {
  readonly messages: Message[] = [];
  readonly acks: (Ack | undefined)[] = [];
  readonly rejected: RejectedPayload[] = [];
  readonly statuses: ConnectionStatus[] = [];

  deliver(message: Message, ack?: Ack): void {
    this.messages.push(message);
    this.acks.push(ack);
  }

  reject(payload: RejectedPayload, ack?: Ack): void {
    this.rejected.push(payload);
    ack?.();
  }

  connection(status: ConnectionStatus): void {
    this.statuses.push(status);
  }

  ackAll(): void {
    for (const ack of this.acks.splice(0)) ack?.();
  }
}

export async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The behaviour every adapter promises, run against its real service. */
export function definePubSubContract(subject: ContractSubject): void {
  describe(`${subject.name} adapter contract`, () => {
    const running: Subscriber[] = [];
    const publishers: Publisher[] = [];

    async function startSubscriber(make: () => Subscriber, sink = new RecordingSink()) {
      const subscriber = make();
      const abort = new AbortController();
      await subscriber.start(sink, abort.signal);
      running.push(subscriber);
      if (subject.settleMs) await wait(subject.settleMs);
      return { subscriber, sink, abort };
    }

    async function startPublisher(make: () => Publisher) {
      const publisher = make();
      await publisher.start(new AbortController().signal);
      publishers.push(publisher);
      return publisher;
    }

    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      await Promise.all(publishers.splice(0).map((p) => p.stop()));
    });

    it('delivers what its publisher sends, in order, single messages and batches', async () => {
      const { subscriber, publisher } = await subject.create();
      const { sink } = await startSubscriber(subscriber);
      const pub = await startPublisher(publisher);
      for (let i = 0; i < 20; i++) await pub.publish([{ seq: i }]);
      await pub.publish(
        Array.from({ length: 80 }, (_, i) => ({ seq: 20 + i, nested: { ok: true } })),
      );
      await eventually(() => sink.messages.length >= 100, '100 messages');
      expect(sink.messages.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(sink.messages[50]).toEqual({ seq: 50, nested: { ok: true } });
      expect(sink.statuses.at(-1)?.state).toBe('connected');
    });

    it('takes an injected test message into its own source', async () => {
      const { subscriber } = await subject.create();
      const { subscriber: running1, sink } = await startSubscriber(subscriber);
      await running1.inject?.({ test: 'hello' });
      await eventually(() => sink.messages.length === 1, 'the injected message');
      expect(sink.messages).toEqual([{ test: 'hello' }]);
    });

    it('records payloads that are not JSON objects with where they came from, and goes on', async () => {
      const { subscriber, publisher } = await subject.create();
      const { sink } = await startSubscriber(subscriber);
      const pub = await startPublisher(publisher);
      await subject.putRaw('not json at all');
      await subject.putRaw('[1, 2, 3]');
      await pub.publish([{ after: true }]);
      await eventually(
        () => sink.messages.length === 1 && sink.rejected.length === 2,
        'two rejects and one message',
      );
      expect(sink.messages).toEqual([{ after: true }]);
      expect(sink.rejected.map((r) => r.preview)).toEqual(['not json at all', '[1, 2, 3]']);
      expect(sink.rejected.every((r) => r.origin.length > 0 && r.raw !== undefined)).toBe(true);
    });

    if (subject.flowControl === 'pause') {
      it('stops delivering while paused and resumes where it was', async () => {
        const { subscriber, publisher } = await subject.create();
        const { subscriber: sub, sink } = await startSubscriber(subscriber);
        const pub = await startPublisher(publisher);
        await pub.publish([{ seq: 0 }]);
        await eventually(() => sink.messages.length === 1, 'first message');
        sub.pause();
        await wait(subject.settleMs ?? 300);
        await pub.publish(Array.from({ length: 10 }, (_, i) => ({ seq: i + 1 })));
        await wait(1000);
        const whilePaused = sink.messages.length;
        expect(whilePaused).toBeLessThan(11);
        sub.resume();
        await eventually(() => sink.messages.length === 11, 'all messages after resume');
        expect(sink.messages.map((m) => m.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i));
      });
    }

    if (subject.acknowledges) {
      it('delivers unacknowledged messages again after a restart, and acknowledged ones never', async () => {
        const { subscriber, publisher } = await subject.create();
        const first = await startSubscriber(subscriber);
        const pub = await startPublisher(publisher);
        await pub.publish([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
        await eventually(() => first.sink.messages.length === 3, 'three messages');
        first.sink.acks[0]?.();
        await wait(500);
        await first.subscriber.stop();
        const second = await startSubscriber(subscriber);
        await eventually(
          () => second.sink.messages.length >= 2,
          'the unacknowledged messages again',
        );
        await wait(500);
        expect(second.sink.messages.map((m) => m.seq)).toEqual([2, 3]);
        second.sink.ackAll();
        await wait(500);
        await second.subscriber.stop();
        const third = await startSubscriber(subscriber);
        await wait(1500);
        expect(third.sink.messages).toEqual([]);
      });
    }

    it('stops cleanly, leaving no connection open', async () => {
      const before = process
        .getActiveResourcesInfo()
        .filter((r) => r === 'TCPWRAP' || r === 'TCPSocketWrap').length;
      const { subscriber, publisher } = await subject.create();
      const { subscriber: sub } = await startSubscriber(subscriber);
      const pub = await startPublisher(publisher);
      await pub.publish([{ x: 1 }]);
      await sub.stop();
      await pub.stop();
      running.splice(0);
      publishers.splice(0);
      await eventually(
        () =>
          process.getActiveResourcesInfo().filter((r) => r === 'TCPWRAP' || r === 'TCPSocketWrap')
            .length <= before,
        'sockets to close',
        5000,
      );
    });
  });
}
