import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/index';
import { explosiveRegistry, fixture, idle, setup, variant } from './helpers';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('compute passes', () => {
  it('merges the parents of a diamond in edge order, computing the join once per message', async () => {
    const { server, name, output, push } = setup(fixture('diamond.json'));
    await server.start(name);
    push({ a: 1, b: 2, tag: 'L' });
    push({ a: 10, b: 20, tag: 'L' });
    await idle(server, name);
    // left gives { a, tag: 'L' }, right gives { tag: a + b }; right comes later in the edges, so it wins.
    expect(output).toEqual([
      { a: 1, tag: 3 },
      { a: 10, tag: 30 },
    ]);
    const join = server.details(name).nodes.find((n) => n.name === 'join');
    expect(join?.computeCount).toBe(2);
    await server.stop(name);
  });

  it('takes parents in edge order: swapping the edges lets the other parent win', async () => {
    const config = fixture('diamond.json');
    const edges = config.edges as { from: string; to: string }[];
    const swapped = [edges[0], edges[1], edges[3], edges[2], edges[4]];
    const { server, name, output, push } = setup({ ...config, edges: swapped });
    await server.start(name);
    push({ a: 1, b: 2, tag: 'L' });
    await idle(server, name);
    expect(output).toEqual([{ a: 1, tag: 'L' }]);
    await server.stop(name);
  });

  it('lists nodes in topological order in details', () => {
    const { server, name } = setup(fixture('diamond.json'));
    const order = server.details(name).nodes.map((n) => n.name);
    expect(order.indexOf('src')).toBeLessThan(order.indexOf('left'));
    expect(order.indexOf('right')).toBeLessThan(order.indexOf('join'));
    expect(order.at(-1)).toBe('sink');
  });

  it('applies edge, input and output transformers in order', async () => {
    const { server, name, output, push } = setup(fixture('transformers.json'));
    await server.start(name);
    push({ id: 1, secret: 's3cret', extra: 'x' });
    push({ id: 2, region: 'us' });
    await idle(server, name);
    expect(output).toEqual([
      { id: 1, region: 'eu', via_edge: true },
      { id: 2, region: 'us', via_edge: true },
    ]);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.input).toEqual({ id: 2, region: 'us', via_edge: true });
    await server.stop(name);
  });

  it('sends two identical messages in a row both to the publisher in "every" mode', async () => {
    const { server, name, output, push } = setup(fixture('linear.json'));
    await server.start(name);
    push({ a: 1, b: 2 });
    push({ a: 1, b: 2 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 3 }, { sum: 3 }]);
    await server.stop(name);
  });

  it('does not recompute unchanged input nor propagate unchanged output in "changes" mode', async () => {
    const { server, name, output, push } = setup(variant('linear.json', { propagate: 'changes' }));
    await server.start(name);
    push({ a: 1, b: 2 });
    push({ a: 1, b: 2 }); // same input: not recomputed
    push({ a: 2, b: 1 }); // new input, same output: not propagated
    push({ a: 5, b: 1 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 3 }, { sum: 6 }]);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.computeCount).toBe(3);
    await server.stop(name);
  });

  it('never mutates messages: frozen input flows without errors and comes out unchanged', async () => {
    const { server, name, output, push } = setup(fixture('transformers.json'));
    await server.start(name);
    const message = deepFreeze({ id: 7, secret: 'x', nested: { deep: [1, 2] } });
    push(message);
    await idle(server, name);
    expect(output).toEqual([{ id: 7, region: 'eu', via_edge: true }]);
    expect(message).toEqual({ id: 7, secret: 'x', nested: { deep: [1, 2] } });
    expect(server.details(name).errorCount).toBe(0);
    await server.stop(name);
  });

  it('shares unchanged values instead of copying them (no deep copy per hop)', async () => {
    // The fixture's calculator is a NullCalculator, which deep-copies by design (as the original
    // system's does); with a PassthruCalculator in its place, only the engine and the
    // transformers are left, and they share what they do not change.
    const config = fixture('transformers.json');
    const passthru = [{ name: 'copy', type: 'PassthruCalculator', config: {} }];
    const { server, name, output, push } = setup({ ...config, calculators: passthru });
    await server.start(name);
    const nested = { deep: true };
    push({ id: 1, region: nested });
    await idle(server, name);
    expect(output[0]?.region).toBe(nested);
    await server.stop(name);
  });

  it('gives a deep copy out of a NullCalculator', async () => {
    const { server, name, output, push } = setup(fixture('transformers.json'));
    await server.start(name);
    const nested = { deep: true };
    push({ id: 1, region: nested });
    await idle(server, name);
    expect(output[0]?.region).toEqual(nested);
    expect(output[0]?.region).not.toBe(nested);
    await server.stop(name);
  });
});

describe('built-in calculators in a DAG, as the original computes them', () => {
  it('adds numeric strings and warns of an argument that is no number', async () => {
    const { server, name, output, push } = setup(fixture('linear.json'));
    await server.start(name);
    push({ a: '5', b: 3 });
    push({ a: ' 2.5 ', b: true });
    push({ a: 'abc', b: 4 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 8 }, { sum: 3.5 }, { sum: 4 }]);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.warningCount).toBe(1);
    await server.stop(name);
  });

  it('gives the same random numbers for the same seed, on each DAG loaded', async () => {
    const random = {
      name: 'roll',
      type: 'RandomCalculator',
      config: { output_attribute: 'die', min: 1, max: 6, integer: true, seed: 2026 },
    };
    const config = variant('linear.json', { calculators: [{ ...random, name: 'add' }] });
    const runs: unknown[][] = [];
    for (let i = 0; i < 2; i++) {
      const { server, name, output, push } = setup(config);
      await server.start(name);
      for (let id = 0; id < 20; id++) push({ id });
      await idle(server, name);
      runs.push(output.map((m) => m.die));
      expect(output.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, id) => id));
      await server.stop(name);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(new Set(runs[0])).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
});

describe('errors', () => {
  const config = {
    ...fixture('linear.json'),
    name: 'explosive',
    calculators: [{ name: 'explode', type: 'ExplodeCalculator', config: {} }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'calc', type: 'CalculationNode', config: { calculator: 'explode' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
  };

  it('records an exception on its node with time, message and input, keeps the output, and goes on', async () => {
    const { server, name, output, push } = setup(config, 'mem://queue/out', {
      registry: explosiveRegistry(),
    });
    await server.start(name);
    push({ id: 1 });
    push({ id: 2, boom: true });
    push({ id: 3 });
    await idle(server, name);
    expect(output).toEqual([{ id: 1 }, { id: 3 }]);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.errorCount).toBe(1);
    expect(calc?.errors).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'error',
        message: 'boom on message 2',
        input: { id: 2, boom: true },
      },
    ]);
    expect(calc?.output).toEqual({ id: 3 });
    await server.stop(name);
  });

  it('keeps the output unchanged after a failure and the last 10 errors only', async () => {
    const { server, name, push } = setup(config, 'mem://queue/out', {
      registry: explosiveRegistry(),
    });
    await server.start(name);
    push({ id: 0 });
    for (let i = 1; i <= 12; i++) push({ id: i, boom: true });
    await idle(server, name);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.output).toEqual({ id: 0 });
    expect(calc?.errorCount).toBe(12);
    expect(calc?.errors.map((e) => e.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `boom on message ${i + 3}`),
    );
    await server.stop(name);
  });

  it('records a non-numeric argument as a warning on the node, at the DAG clock time, and still computes', async () => {
    const clock = new ManualClock('2026-03-04T05:06:07Z');
    const { server, name, output, push } = setup(fixture('linear.json'), undefined, { clock });
    await server.start(name);
    push({ a: 1, b: 'two' });
    await idle(server, name);
    expect(output).toEqual([{ sum: 1 }]);
    const calc = server.details(name).nodes.find((n) => n.name === 'calc');
    expect(calc?.warningCount).toBe(1);
    expect(calc?.errors[0]).toMatchObject({
      level: 'warning',
      input: { a: 1, b: 'two' },
      time: '2026-03-04T05:06:07.000Z',
    });
    expect(calc?.errors[0]?.message).toContain('"b"');
    await server.stop(name);
  });
});
