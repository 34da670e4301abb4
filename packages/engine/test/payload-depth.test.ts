import { MAX_JSON_DEPTH } from '@flow/shared';
import { describe, expect, it } from 'vitest';
import { deliverPayload } from '../src/pubsub/payload';
import type { RejectedPayload, SubscriberSink } from '../src/pubsub/types';
import { nestsTooDeep, type Message } from '../src/index';
import { fixture, idle, setup } from './helpers';

/** `{"a":{"a":...{"leaf":1}}}` with `levels` objects around the innermost one. */
const deepText = (levels: number) => `${'{"a":'.repeat(levels)}{"leaf":1}${'}'.repeat(levels)}`;

function collectingSink() {
  const delivered: Message[] = [];
  const rejected: RejectedPayload[] = [];
  const sink: SubscriberSink = {
    deliver: (message) => delivered.push(message),
    reject: (payload) => rejected.push(payload),
    connection: () => {},
  };
  return { sink, delivered, rejected };
}

describe('payloads nested too deep (finding 15)', () => {
  it('counts nesting as the config validator does', () => {
    expect(nestsTooDeep(JSON.parse(deepText(MAX_JSON_DEPTH - 1)))).toBe(false);
    expect(nestsTooDeep(JSON.parse(deepText(MAX_JSON_DEPTH)))).toBe(true);
    expect(nestsTooDeep({ list: [[[1]]], flat: 'x' }, 3)).toBe(true);
    expect(nestsTooDeep({ list: [[1]], flat: 'x' }, 3)).toBe(false);
  });

  it('rejects a payload nested 10,000 levels with its origin, and delivers the next one', () => {
    const { sink, delivered, rejected } = collectingSink();
    deliverPayload(sink, deepText(10_000), 'in.jsonl:1');
    deliverPayload(sink, deepText(MAX_JSON_DEPTH - 1), 'in.jsonl:2');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      reason: `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
      origin: 'in.jsonl:1',
    });
    expect(rejected[0]?.preview.length).toBeLessThan(200);
    expect(delivered).toHaveLength(1);
  });

  it('records a deep in-process message (a test message) on the node, and the DAG goes on', async () => {
    const { server, name, output } = setup(fixture('linear.json'));
    await server.start(name);
    const deep = JSON.parse(deepText(10_000)) as Message;
    await server.inject(name, 'src', { a: 1, b: 1, deep });
    await server.inject(name, 'src', { a: 2, b: 2 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 4 }]);
    const src = server.details(name).nodes.find((n) => n.name === 'src');
    expect(src?.queue?.rejected).toBe(1);
    expect(src?.errors.map((e) => e.message)).toEqual([
      `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays (from mem://queue/in (test message))`,
    ]);
    // What the live view sends of the node can be serialised.
    expect(() => JSON.stringify(server.details(name))).not.toThrow();
    await server.stop(name);
  });

  it('refuses a deep test message for a DAG that is not running', async () => {
    const { server, name } = setup(fixture('linear.json'));
    const deep = JSON.parse(deepText(10_000)) as Message;
    await expect(server.inject(name, 'src', { deep })).rejects.toThrow(
      `the test message nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
    expect(server.broker.queue('in').depth).toBe(0);
  });
});
