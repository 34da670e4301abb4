// DAGs that specs set up through the API.
import type { ApiSession } from './api';
import { uniqueName } from './helpers';

/** A calculator of the DAGs below: its name, type and config. */
export interface CalculatorSpec {
  readonly name: string;
  readonly type: string;
  readonly config: Record<string, unknown>;
}

const ADD_A_B: CalculatorSpec = {
  name: 'add',
  type: 'AdditionCalculator',
  config: { arguments: ['a', 'b'], output_attribute: 'sum' },
};

/**
 * Saves and starts `mem://queue` → AdditionCalculator(a, b → sum) → `mem://queue` as admin, named
 * `prefix` + a unique suffix. `placed`: with node positions, so that the designer opens it
 * without an auto-layout. `calculator`: another calculator in node `calc` instead of the sum.
 */
export async function runningSumDag(
  admin: ApiSession,
  prefix: string,
  { placed = false, calculator = ADD_A_B }: { placed?: boolean; calculator?: CalculatorSpec } = {},
): Promise<string> {
  const name = uniqueName(prefix);
  await admin.client.dags.save.mutate({
    config: {
      name,
      subscribers: [{ name: 'in_q', config: { source: `mem://queue/${name}_in` } }],
      publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
      calculators: [calculator],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in_q' } },
        { name: 'calc', type: 'CalculationNode', config: { calculator: calculator.name } },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out_q'] } },
      ],
      edges: [
        { from: 'src', to: 'calc' },
        { from: 'calc', to: 'sink' },
      ],
      ...(placed && {
        ui: {
          positions: { src: { x: 0, y: 0 }, calc: { x: 260, y: 0 }, sink: { x: 520, y: 0 } },
        },
      }),
    },
  });
  await admin.client.dags.start.mutate({ name });
  return name;
}
