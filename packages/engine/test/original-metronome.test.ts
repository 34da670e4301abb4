import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, DagServer, ManualClock, type Message } from '../src/index';
import { MetronomeNodeSource } from '../src/pubsub/metronome-node';
import type { Subscriber, SubscriberSink } from '../src/pubsub/types';
import { idle, until } from './helpers';

/**
 * The original system's metronomes as the engine runs them (issue 15): its MetronomeNode
 * (`metronome_tick`, its own subscriber, calculator and publishers), its metronome subscriber's
 * `message`, and a PublicationNode that passes its output on. Time is a ManualClock.
 */

const START = '2026-01-05T12:00:00Z';
const out = [{ name: 'out', config: { destination: 'mem://queue/out' } }];
const enrich = [
  {
    name: 'enrich',
    type: 'ApplyDefaultsCalculator',
    config: { defaults: { dag_name: 'heartbeat_monitor', status: 'healthy' } },
  },
];

/** `YYYYMMDDHHMMSS` of a time in this process's zone (sv-SE writes `2026-01-05 12:00:01`). */
const stamp = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { hourCycle: 'h23' }).replace(/\D/g, '');

async function started(config: Record<string, unknown>, compiledPasses = true) {
  const clock = new ManualClock(START);
  const server = new DagServer({ clock, compiledPasses });
  const { name } = server.add(config);
  const output = collect(server.broker, 'mem://queue/out').messages;
  await server.start(name);
  await idle(server, name);
  // A message waiting for the next tick keeps the DAG from idle (as `--drain` wants): turns.
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  /** Moves the clock on and lets the DAG compute what came due. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  const push = async (queue: string, message: Message) => {
    server.broker.queue(queue).push(message);
    await settle();
  };
  return { server, name, clock, output, advance, push };
}

describe("the original's MetronomeNode", () => {
  /** Its heartbeat form: a MetronomeNode reading a queue of its own, enriching and publishing. */
  const reading = {
    name: 'beat',
    subscribers: [{ name: 'readings', config: { source: 'mem://queue/readings' } }],
    publishers: out,
    calculators: enrich,
    nodes: [
      {
        name: 'beat',
        type: 'MetronomeNode',
        config: { interval: 1 },
        subscriber: 'readings',
        calculator: 'enrich',
        publishers: ['out'],
      },
    ],
    edges: [],
  };

  it('ticks as it starts, then takes one message of its subscriber per tick', async () => {
    const { server, name, clock, output, advance, push } = await started(reading);
    const status = { dag_name: 'heartbeat_monitor', status: 'healthy' };
    // As it starts: nothing read yet.
    expect(output).toEqual([{ metronome_tick: 0, ...status }]);
    await push('readings', { price: 10 });
    await push('readings', { price: 11 });
    expect(output).toHaveLength(1); // a message waits for the next tick
    await advance(1000);
    await advance(1000);
    // A tick without news, and one with an empty message, repeat the message taken last.
    await advance(1000);
    await push('readings', {});
    await advance(1000);
    expect(output.slice(1)).toEqual([
      { price: 10, metronome_tick: 1, ...status },
      { price: 11, metronome_tick: 2, ...status },
      { price: 11, metronome_tick: 3, ...status },
      { price: 11, metronome_tick: 4, ...status },
    ]);
    await server.stop(name);
    expect(clock.pendingTimers).toBe(0);
    // What arrived while stopped waits in its queue for the next start.
    await push('readings', { price: 12 });
    expect(server.broker.queue('readings').depth).toBe(1);
  });

  it('skips its ticks while its DAG is suspended, and counts on from there', async () => {
    const { server, name, output, advance } = await started(reading);
    await advance(1000);
    await server.suspend(name);
    await advance(5000);
    await server.resume(name);
    await advance(1000);
    expect(output.map((m) => m.metronome_tick)).toEqual([0, 1, 2]);
    await server.stop(name);
  });

  it('passes every tick on to its children, in the change-only mode too', async () => {
    const config = {
      ...reading,
      nodes: [
        { name: 'beat', type: 'MetronomeNode', config: { interval: 1 }, subscriber: 'readings' },
        { name: 'copy', type: 'CalculationNode', config: {}, calculator: 'enrich' },
        { name: 'sink', type: 'PublicationNode', config: {}, publishers: ['out'] },
      ],
      edges: [
        { from_node: 'beat', to_node: 'copy' },
        { from_node: 'copy', to_node: 'sink' },
      ],
    };
    for (const compiled of [true, false]) {
      const { server, name, output, advance } = await started(config, compiled);
      await advance(2000);
      expect(output.map((m) => m.metronome_tick)).toEqual([0, 1, 2]);
      await server.stop(name);
    }
  });

  it("reads the original's metronome subscriber: the heartbeat example", async () => {
    const { server, name, output, advance } = await started({
      ...reading,
      subscribers: [
        { name: 'hb', config: { source: 'metronome', message: 'heartbeat', interval: 25 } },
      ],
      nodes: [{ ...reading.nodes[0], config: { interval: 10 }, subscriber: 'hb' }],
    });
    await advance(30_000);
    const status = { dag_name: 'heartbeat_monitor', status: 'healthy' };
    expect(output).toEqual([
      { metronome_tick: 0, ...status },
      { metronome_tick: 1, ...status },
      { metronome_tick: 2, ...status },
      {
        message: 'heartbeat',
        current_timestamp: stamp('2026-01-05T12:00:25Z'),
        metronome_tick: 3,
        ...status,
      },
    ]);
    await server.stop(name);
  });
});

describe("a MetronomeNode's own subscriber", () => {
  it('sends what it cannot read to its dead_letter destination, and the ticks go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-metronome-'));
    writeFileSync(join(dir, 'in.jsonl'), 'not json\n{"price": 10}\n');
    const server = new DagServer({ baseDir: dir });
    const { name } = server.add({
      name: 'beat',
      subscribers: [
        {
          name: 'readings',
          config: {
            source: 'file:in.jsonl',
            poll_interval_ms: 20,
            dead_letter: 'mem://queue/dead',
          },
        },
      ],
      publishers: out,
      nodes: [
        {
          name: 'beat',
          type: 'MetronomeNode',
          config: { interval_ms: 30, subscriber: 'readings', publishers: ['out'] },
        },
      ],
    });
    const output = collect(server.broker, 'mem://queue/out').messages;
    const dead = collect(server.broker, 'mem://queue/dead').messages;
    await server.start(name);
    try {
      await until(() => output.some((m) => m.price === 10) && dead.length === 1);
    } finally {
      await server.stop(name);
    }
    expect(dead[0]).toMatchObject({ payload: 'not json', dag: 'beat', node: 'beat' });
    expect(server.details(name).nodes[0]?.errors[0]?.message).toContain('not JSON');
  });
});

describe('a MetronomeNode in our format', () => {
  it('emits our tick, on the next message of its subscriber when it has one', async () => {
    const { server, name, output, advance, push } = await started({
      name: 'ours',
      subscribers: [{ name: 'readings', config: { source: 'mem://queue/readings' } }],
      publishers: out,
      nodes: [
        {
          name: 'beat',
          type: 'MetronomeNode',
          config: { interval_ms: 1000, subscriber: 'readings', publishers: ['out'] },
        },
      ],
    });
    expect(output).toEqual([]); // ours ticks first after one interval
    await advance(1000);
    await push('readings', { price: 10 });
    await advance(1000);
    expect(output).toEqual([
      { tick: 1, time: '2026-01-05T12:00:01.000Z' },
      { price: 10, tick: 2, time: '2026-01-05T12:00:02.000Z' },
    ]);
    await server.stop(name);
  });
});

describe("the original's metronome subscriber", () => {
  it('sends {"message", "current_timestamp"} every interval, the first after one', async () => {
    const { server, name, output, advance } = await started({
      name: 'beats',
      subscribers: [
        { name: 'hb', config: { source: 'metronome', message: 'heartbeat', interval: 2 } },
        { name: 'plain', config: { source: 'metronome', interval: 3 } },
      ],
      publishers: out,
      calculators: [],
      transformers: [],
      nodes: [
        { name: 'hb', type: 'SubscriptionNode', config: {}, subscriber: 'hb' },
        { name: 'plain', type: 'SubscriptionNode', config: {}, subscriber: 'plain' },
        { name: 'hb_out', type: 'PublicationNode', config: {}, publishers: ['out'] },
        { name: 'plain_out', type: 'PublicationNode', config: {}, publishers: ['out'] },
      ],
      edges: [
        { from_node: 'hb', to_node: 'hb_out' },
        { from_node: 'plain', to_node: 'plain_out' },
      ],
    });
    for (let second = 1; second <= 4; second++) await advance(1000);
    expect(output).toEqual([
      { message: 'heartbeat', current_timestamp: stamp('2026-01-05T12:00:02Z') },
      // The original's message is "tick" when its config gives none.
      { message: 'tick', current_timestamp: stamp('2026-01-05T12:00:03Z') },
      { message: 'heartbeat', current_timestamp: stamp('2026-01-05T12:00:04Z') },
    ]);
    await server.stop(name);
  });
});

describe('a PublicationNode with children', () => {
  it('publishes and passes its output on, on every message in our default mode', async () => {
    const config = {
      name: 'relay',
      subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
      publishers: [{ name: 'raw_out', config: { destination: 'mem://queue/raw' } }, ...out],
      calculators: [
        {
          name: 'add',
          type: 'AdditionCalculator',
          config: { arguments: ['a', 'b'], output_attribute: 'sum' },
        },
      ],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
        { name: 'raw', type: 'PublicationNode', config: { publishers: ['raw_out'] } },
        { name: 'total', type: 'CalculationNode', config: { calculator: 'add' } },
        { name: 'final', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'src', to: 'raw' },
        { from: 'raw', to: 'total' },
        { from: 'total', to: 'final' },
      ],
    };
    for (const compiled of [true, false]) {
      const { server, name, output, push } = await started(config, compiled);
      const raw = collect(server.broker, 'mem://queue/raw').messages;
      await push('in', { a: 1, b: 2 });
      await push('in', { a: 1, b: 2 });
      expect(raw).toEqual([
        { a: 1, b: 2 },
        { a: 1, b: 2 },
      ]);
      expect(output).toEqual([{ sum: 3 }, { sum: 3 }]);
      await server.stop(name);
    }
  });
});

describe('MetronomeNodeSource', () => {
  /** A source the test delivers into by hand, recording its pauses. */
  function source(flowControl: 'pause' | 'drop-oldest') {
    const calls: string[] = [];
    let into: SubscriberSink | undefined;
    const subscriber: Subscriber = {
      uri: 'mem://queue/test',
      flowControl,
      start: async (sink) => {
        into = sink;
      },
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      stop: async () => {
        calls.push('stop');
      },
    };
    return { subscriber, calls, deliver: (m: Message, ack?: () => void) => into?.deliver(m, ack) };
  }

  async function ticking(flowControl: 'pause' | 'drop-oldest') {
    const clock = new ManualClock(START);
    const own = source(flowControl);
    const metronome = new MetronomeNodeSource({
      intervalMs: 1000,
      clock,
      emits: 'metronome_tick',
      source: own.subscriber,
      maxDepth: 4,
    });
    const ticks: Message[] = [];
    const acked: Message[] = [];
    await metronome.start(
      { deliver: (m, ack) => (ticks.push(m), ack?.()), reject: () => {}, connection: () => {} },
      new AbortController().signal,
    );
    const deliver = (n: number) => {
      const m = { n };
      own.deliver(m, () => acked.push(m));
    };
    return { clock, metronome, own, ticks, acked, deliver };
  }

  it('pauses a source that can wait once more than max_depth messages wait, resumes it at half', async () => {
    const { clock, metronome, own, ticks, deliver } = await ticking('pause');
    for (let n = 1; n <= 5; n++) deliver(n);
    expect(own.calls).toEqual(['pause']);
    expect(metronome.isDrained()).toBe(false);
    clock.advance(3000); // three ticks take 1, 2, 3: two left, half of 4
    expect(own.calls).toEqual(['pause', 'resume']);
    expect(ticks.map((t) => t.n)).toEqual([undefined, 1, 2, 3]);
    clock.advance(2000);
    expect(metronome.isDrained()).toBe(true);
    await metronome.stop();
    await metronome.stop();
    expect(own.calls).toEqual(['pause', 'resume', 'stop']);
  });

  it('drops (and acknowledges) the oldest of a source that cannot wait', async () => {
    const { clock, ticks, acked, deliver } = await ticking('drop-oldest');
    for (let n = 1; n <= 6; n++) deliver(n);
    expect(acked).toEqual([{ n: 1 }, { n: 2 }]);
    clock.advance(1000);
    expect(ticks.at(-1)).toEqual({ n: 3, metronome_tick: 1 });
    expect(acked.at(-1)).toEqual({ n: 3 }); // acknowledged with its tick
  });
});
