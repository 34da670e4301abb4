import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  collect,
  ConfigError,
  DagServer,
  ManualClock,
  NotFoundError,
  type DagEvent,
} from '../src/index';
import { fixture, idle, setup } from './helpers';

const windowed = (start_time: string, end_time: string, timezone = 'UTC') => ({
  ...fixture('linear.json'),
  name: 'windowed',
  start_time,
  end_time,
  timezone,
});

describe('lifecycle', () => {
  it('goes stopped -> running <-> suspended -> stopped; a suspended DAG computes nothing and loses nothing', async () => {
    const { server, name, output, push } = setup(fixture('linear.json'));
    expect(server.runtime(name).state).toBe('stopped');
    await server.start(name);
    expect(server.runtime(name).state).toBe('running');
    await server.suspend(name);
    expect(server.runtime(name).state).toBe('suspended');
    push({ a: 1, b: 1 });
    push({ a: 2, b: 2 });
    await new Promise((r) => setTimeout(r, 20));
    expect(output).toEqual([]);
    await server.resume(name);
    await idle(server, name);
    expect(output).toEqual([{ sum: 2 }, { sum: 4 }]);
    await server.stop(name);
    expect(server.runtime(name).state).toBe('stopped');
    push({ a: 3, b: 3 });
    await new Promise((r) => setTimeout(r, 20));
    expect(output).toHaveLength(2);
    // The stopped DAG's source kept the message; it flows on the next start.
    await server.start(name);
    await idle(server, name);
    expect(output).toEqual([{ sum: 2 }, { sum: 4 }, { sum: 6 }]);
    await server.stop(name);
  });

  it('emits metronome ticks every interval_ms', async () => {
    const clock = new ManualClock('2026-01-05T12:00:00Z');
    const config = {
      ...fixture('linear.json'),
      name: 'ticking',
      subscribers: [],
      calculators: [],
      nodes: [
        { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000 } },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [{ from: 'tick', to: 'sink' }],
    };
    const { server, name, output } = setup(config, 'mem://queue/out', { clock });
    await server.start(name);
    clock.advance(3500);
    await idle(server, name);
    expect(output).toEqual([
      { tick: 1, time: '2026-01-05T12:00:01.000Z' },
      { tick: 2, time: '2026-01-05T12:00:02.000Z' },
      { tick: 3, time: '2026-01-05T12:00:03.000Z' },
    ]);
    await server.stop(name);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('time windows', () => {
  it('runs only inside its window and switches by itself', async () => {
    const clock = new ManualClock('2026-01-05T08:00:00Z');
    const { server, name, output, push } = setup(windowed('0900', '1700'), 'mem://queue/out', {
      clock,
    });
    await server.start(name);
    expect(server.runtime(name).state).toBe('suspended');
    expect(server.details(name).stateReason).toContain('window');
    push({ a: 1, b: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(output).toEqual([]);
    clock.set('2026-01-05T09:00:00Z');
    expect(server.runtime(name).state).toBe('running');
    await idle(server, name);
    expect(output).toEqual([{ sum: 2 }]);
    // Both ends are inclusive (as in the original system): on through 17:00, off from 17:01.
    clock.set('2026-01-05T17:00:00Z');
    expect(server.runtime(name).state).toBe('running');
    clock.set('2026-01-05T17:00:59Z');
    expect(server.runtime(name).state).toBe('running');
    clock.set('2026-01-05T17:01:00Z');
    expect(server.runtime(name).state).toBe('suspended');
    clock.set('2026-01-06T09:00:00Z');
    expect(server.runtime(name).state).toBe('running');
    await server.stop(name);
  });

  it('handles windows that wrap midnight, in the DAG time zone', async () => {
    // 2200-0200 in Tokyo (UTC+9) is 13:00-17:00 UTC.
    const clock = new ManualClock('2026-01-05T12:30:00Z');
    const { server, name } = setup(windowed('2200', '0200', 'Asia/Tokyo'), 'mem://queue/out', {
      clock,
    });
    await server.start(name);
    expect(server.runtime(name).state).toBe('suspended');
    clock.set('2026-01-05T13:00:00Z');
    expect(server.runtime(name).state).toBe('running');
    clock.set('2026-01-05T15:30:00Z'); // 00:30 in Tokyo, past midnight
    expect(server.runtime(name).state).toBe('running');
    clock.set('2026-01-05T17:00:00Z'); // 02:00 in Tokyo: the end minute is inside
    expect(server.runtime(name).state).toBe('running');
    clock.set('2026-01-05T17:01:00Z');
    expect(server.runtime(name).state).toBe('suspended');
    await server.stop(name);
  });

  it('does not resume a DAG a user suspended when its window opens', async () => {
    const clock = new ManualClock('2026-01-05T10:00:00Z');
    const { server, name } = setup(windowed('0900', '1700'), 'mem://queue/out', { clock });
    await server.start(name);
    await server.suspend(name);
    clock.set('2026-01-06T10:00:00Z');
    expect(server.runtime(name).state).toBe('suspended');
    await server.resume(name);
    expect(server.runtime(name).state).toBe('running');
    await server.stop(name);
  });
});

describe('DagServer', () => {
  it('refuses a bad config whole, with every problem', () => {
    const server = new DagServer();
    const bad = {
      ...fixture('linear.json'),
      name: 'bad-name',
      edges: [
        { from: 'src', to: 'nowhere' },
        { from: 'calc', to: 'src' },
      ],
    };
    let error: unknown;
    try {
      server.add(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['$.name', 'invalid_name'],
        ['$.edges[0].to', 'unknown_reference'],
        ['$.edges[1].to', 'source_has_inputs'],
      ]),
    );
    expect(server.list()).toEqual([]);
  });

  it('refuses a second DAG of the same name and reports unknown DAGs as not found', async () => {
    const server = new DagServer();
    server.add(fixture('linear.json'));
    expect(() => server.add(fixture('linear.json'))).toThrow(/already exists/);
    await expect(server.start('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(() => server.details('nope')).toThrow(NotFoundError);
  });

  it('clones a DAG under a new name with a new window, stopped and independent', async () => {
    const { server, name, push, output } = setup(fixture('linear.json'));
    await server.start(name);
    const clone = server.clone(name, 'linear_copy', { start_time: '0900', end_time: '1000' });
    expect(clone).toMatchObject({
      name: 'linear_copy',
      state: 'stopped',
      window: { start_time: '0900', end_time: '1000', timezone: 'UTC' },
    });
    expect(server.details('linear_copy').config.nodes).toEqual(server.details(name).config.nodes);
    expect(server.details(name).window).toBeNull();
    push({ a: 1, b: 1 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 2 }]);
    expect(server.details('linear_copy').nodes.every((n) => n.computeCount === 0)).toBe(true);
    await server.stopAll();
  });

  it('updates a running DAG by restarting it with the new config', async () => {
    const { server, name, push, output } = setup(fixture('linear.json'));
    await server.start(name);
    const config = fixture('linear.json');
    await server.update({
      ...config,
      calculators: [
        {
          name: 'add',
          type: 'MultiplicationCalculator',
          config: { arguments: ['a', 'b'], output_attribute: 'product' },
        },
      ],
    });
    expect(server.runtime(name).state).toBe('running');
    push({ a: 3, b: 4 });
    await idle(server, name);
    expect(output).toEqual([{ product: 12 }]);
    await server.delete(name);
    expect(server.has(name)).toBe(false);
  });

  it('reports status, lists DAGs with their state, and gives node details', async () => {
    const clock = new ManualClock('2026-01-05T12:00:00Z');
    const { server, name, push } = setup(fixture('linear.json'), 'mem://queue/out', { clock });
    server.add(fixture('diamond.json'));
    await server.start(name);
    clock.advance(5000);
    expect(server.status()).toMatchObject({
      uptimeMs: 5000,
      dags: { total: 2, running: 1, stopped: 1, suspended: 0 },
    });
    expect(server.list().map((d) => [d.name, d.state, d.nodeCount])).toEqual([
      ['linear', 'running', 3],
      ['diamond', 'stopped', 5],
    ]);
    for (let i = 0; i < 4; i++) push({ a: i, b: i });
    await idle(server, name);
    clock.advance(1000);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc).toMatchObject({
      type: 'CalculationNode',
      input: { a: 3, b: 3 },
      output: { sum: 6 },
      dirty: false,
      computeCount: 4,
      rate: 4,
      lastComputeAt: '2026-01-05T12:00:05.000Z',
      errorCount: 0,
    });
    expect(server.details(name).nodes[0]).toMatchObject({
      queue: { depth: 0, drops: 0 },
      connection: { state: 'connected' },
    });
    expect(server.details(name).nodes[2]?.publishers).toEqual([
      { name: 'out', published: 4, failures: 0 },
    ]);
    await server.stopAll();
  });

  it('loads every DAG file of a folder, reporting bad files with their problems', async () => {
    const server = new DagServer();
    const report = await server.loadFolder(
      fileURLToPath(new URL('fixtures/folder', import.meta.url)),
    );
    expect([...report.loaded].sort()).toEqual(['diamond', 'linear']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.file).toMatch(/broken\.json$/);
    expect(report.failed[0]?.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['invalid_name', 'unknown_reference', 'cycle']),
    );
  });

  it('loads plugins that DAGs use like built-ins, and reports a broken plugin', async () => {
    const server = new DagServer();
    const report = await server.loadPlugins(
      fileURLToPath(new URL('fixtures/plugins', import.meta.url)),
    );
    expect(report.loaded).toEqual([
      { file: 'triple.mjs', kind: 'calculator', type: 'TripleCalculator' },
    ]);
    expect(report.failed.map((f) => f.file)).toEqual(['broken.mjs']);
    const config = {
      ...fixture('linear.json'),
      calculators: [{ name: 'add', type: 'TripleCalculator', config: { attribute: 'a' } }],
    };
    server.add(config);
    const out = collect(server.broker, 'mem://queue/out');
    await server.start('linear');
    server.broker.queue('in').push({ a: 2 });
    await idle(server, 'linear');
    expect(out.messages).toEqual([{ a: 6 }]);
    expect(() =>
      server.add({
        ...config,
        name: 'bad_plugin_config',
        calculators: [{ name: 'add', type: 'TripleCalculator', config: {} }],
      }),
    ).toThrow(/attribute/);
    await server.stopAll();
  });

  it('injects a test message into a subscriber source', async () => {
    const { server, name, output } = setup(fixture('linear.json'));
    await server.start(name);
    await server.inject(name, 'src', { a: 20, b: 22 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 42 }]);
    await expect(server.inject(name, 'calc', {})).rejects.toBeInstanceOf(NotFoundError);
    await server.stop(name);
  });
});

describe('events', () => {
  it('streams computed, issue and state events to subscribers, and nothing after unsubscribing', async () => {
    const { server, name, push } = setup(fixture('linear.json'));
    const events: DagEvent[] = [];
    const unsubscribe = server.subscribe((e) => events.push(e));
    await server.start(name);
    push({ a: 1, b: 'x' });
    await idle(server, name);
    expect(events.map((e) => `${e.type}:${'node' in e ? e.node : e.dag}`)).toEqual(
      expect.arrayContaining([
        'state:linear',
        'connection:src',
        'computed:src',
        'issue:calc',
        'computed:calc',
        'computed:sink',
      ]),
    );
    const computed = events.find((e) => e.type === 'computed' && e.node === 'calc');
    expect(computed).toMatchObject({
      input: { a: 1, b: 'x' },
      output: { sum: 1 },
      computeCount: 1,
    });
    unsubscribe();
    const count = events.length;
    push({ a: 2, b: 2 });
    await idle(server, name);
    expect(events).toHaveLength(count);
    await server.stop(name);
  });
});
