import { InvariantError } from '../errors';
import type { Message } from '../message';
import type { MemoryBroker } from '../pubsub/memory-broker';

/** Collects every message reaching an in-memory queue or topic: for tests and headless runs. */
export function collect(
  broker: MemoryBroker,
  uri: string,
): { messages: Message[]; stop: () => void } {
  const [, kind, name] = /^mem:\/\/(queue|topic)\/(.+)$/.exec(uri) ?? [];
  if (!name) throw new InvariantError(`"${uri}" is not mem://queue/NAME or mem://topic/NAME`);
  const messages: Message[] = [];
  const target = kind === 'queue' ? broker.queue(name) : broker.topic(name);
  const stop = target.attach({ paused: false, receive: (m) => messages.push(m) });
  return { messages, stop };
}
