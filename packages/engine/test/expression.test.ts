import { validateDag } from '@flow/shared';
import { describe, expect, it } from 'vitest';
import { collect, DagServer, type Message } from '../src/index';
import { idle } from './helpers';

/**
 * Expressions in a running DAG (issue 17): mem in -> ExpressionCalculator (total) -> an edge
 * with an ExpressionDataTransformer -> FilterCalculator -> mem out. Run with compiled passes and
 * with the generic pass, which must agree.
 */
function dag(condition: string): Record<string, unknown> {
  return {
    name: 'orders',
    subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
    publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
    calculators: [
      {
        name: 'total',
        type: 'ExpressionCalculator',
        config: { expression: 'price * quantity', output_attribute: 'total' },
      },
      { name: 'big', type: 'FilterCalculator', config: { condition } },
    ],
    transformers: [
      {
        name: 'shape',
        type: 'ExpressionDataTransformer',
        config: { expression: '{"id": id, "total": total, "label": $uppercase(name)}' },
      },
    ],
    nodes: [
      { name: 'source', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'compute', type: 'CalculationNode', config: { calculator: 'total' } },
      { name: 'filter', type: 'CalculationNode', config: { calculator: 'big' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'source', to: 'compute' },
      { from: 'compute', to: 'filter', transformer: 'shape' },
      { from: 'filter', to: 'sink' },
    ],
  };
}

const orders: Message[] = [
  { id: 1, name: 'a', price: 2, quantity: 10 },
  { id: 2, name: 'b', price: 1, quantity: 3 },
  { id: 3, name: 'c', price: 'free', quantity: 3 },
  { id: 4, name: 'd', price: 5, quantity: 5 },
];

async function run(condition: string, compiledPasses: boolean) {
  const server = new DagServer({ compiledPasses });
  const { name } = server.add(dag(condition));
  const output = collect(server.broker, 'mem://queue/out');
  await server.start(name);
  for (const order of orders) server.broker.queue('in').push(order);
  await idle(server, name);
  const nodes = Object.fromEntries(server.details(name).nodes.map((n) => [n.name, n]));
  await server.stopAll();
  return { output: output.messages, nodes };
}

describe.each([true, false])('expressions in a DAG (compiled passes: %s)', (compiled) => {
  it('computes, reshapes on the edge, and filters; counts passed and filtered', async () => {
    const { output, nodes } = await run('total > 10', compiled);
    expect(output).toEqual([
      { id: 1, total: 20, label: 'A' },
      { id: 4, total: 25, label: 'D' },
    ]);
    // "free" * 3 is an error on the compute node; the message goes no further.
    expect(nodes.compute?.errorCount).toBe(1);
    expect(nodes.compute?.errors[0]?.message).toBe(
      'expression failed: The left side of the "*" operator must evaluate to a number (at position 7)',
    );
    expect(nodes.filter?.computeCount).toBe(2);
    expect(nodes.filter?.filteredCount).toBe(1);
    expect(nodes.filter?.errorCount).toBe(0);
    expect(nodes.sink?.computeCount).toBe(2);
  });

  it('drops a message whose condition is not a boolean, as an error on the node', async () => {
    const { output, nodes } = await run('total > 10 ? true : label', compiled);
    expect(output.map((m) => m.id)).toEqual([1, 4]);
    expect(nodes.filter?.errorCount).toBe(1);
    expect(nodes.filter?.filteredCount).toBeUndefined();
    expect(nodes.filter?.errors[0]?.message).toBe(
      'the condition gave string "B", not true or false: the message is dropped',
    );
  });
});

describe('expression configs at save time', () => {
  it('name the place and the position of a bad expression', () => {
    const config = dag('total >');
    const calculators = config.calculators as { config: Record<string, unknown> }[];
    calculators[0]!.config.expression = 'price * (quantity';
    const result = validateDag(config);
    if (result.ok) throw new Error('validated');
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      [
        '$.calculators[0].config.expression',
        'not a JSONata expression: Expected ")" before end of expression (at position 17)',
      ],
      [
        '$.calculators[1].config.condition',
        'not a JSONata expression: Unexpected end of expression (at position 7)',
      ],
    ]);
  });

  it('refuse an empty expression and an unknown config key', () => {
    const config = dag('true');
    const transformers = config.transformers as { config: Record<string, unknown> }[];
    transformers[0]!.config = { expression: '', output: 'x' };
    const result = validateDag(config);
    if (result.ok) throw new Error('validated');
    expect(result.problems.map((p) => p.path).sort()).toEqual([
      '$.transformers[0].config.expression',
      '$.transformers[0].config.output',
    ]);
  });
});

describe('ExpressionCalculator without output_attribute', () => {
  it('makes the value the message, and refuses a value that is not an object', async () => {
    const config = dag('true');
    const calculators = config.calculators as { config: Record<string, unknown> }[];
    calculators[0]!.config = {
      expression: 'quantity > 4 ? {"id": id, "name": name, "total": price} : quantity',
    };
    const server = new DagServer();
    const { name } = server.add(config);
    const output = collect(server.broker, 'mem://queue/out');
    await server.start(name);
    for (const order of orders) server.broker.queue('in').push(order);
    await idle(server, name);
    const compute = server.details(name).nodes.find((n) => n.name === 'compute');
    await server.stopAll();
    expect(output.messages).toEqual([
      { id: 1, total: 2, label: 'A' },
      { id: 4, total: 5, label: 'D' },
    ]);
    expect(compute?.errors.map((e) => e.message)).toEqual([
      'the expression gave number 3, not an object: without output_attribute its value is the message',
      'the expression gave number 3, not an object: without output_attribute its value is the message',
    ]);
  });
});
