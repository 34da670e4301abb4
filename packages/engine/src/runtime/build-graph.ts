import { topologicalOrder, type Dag } from '@flow/shared';
import type { Calculator, Transformer } from '../components/definitions';
import type { ComponentRegistry } from '../components/registry';
import { InvariantError } from '../errors';
import { RuntimeNode } from './runtime-node';

/**
 * Builds the nodes of a validated DAG in topological order, with their calculators and
 * transformers (pure components; adapters are created when the DAG starts).
 */
export function buildNodes(dag: Dag, registry: ComponentRegistry): RuntimeNode[] {
  const transformers = new Map<string, Transformer>();
  for (const spec of dag.transformers) {
    const definition = registry.transformers.get(spec.type);
    if (!definition)
      throw new InvariantError(
        `transformer type ${spec.type} passed validation but is not registered`,
      );
    transformers.set(spec.name, definition.create(spec.config));
  }
  const calculators = new Map<string, Calculator>();
  for (const spec of dag.calculators) {
    const definition = registry.calculators.get(spec.type);
    if (!definition)
      throw new InvariantError(
        `calculator type ${spec.type} passed validation but is not registered`,
      );
    calculators.set(spec.name, definition.create(spec.config));
  }
  const lookup = <T>(map: Map<string, T>, name: string): T => {
    const value = map.get(name);
    if (value === undefined)
      throw new InvariantError(`reference ${name} passed validation but does not resolve`);
    return value;
  };

  const byName = new Map<string, RuntimeNode>();
  for (const spec of dag.nodes) {
    const node = new RuntimeNode(spec.name, spec.type);
    if (spec.type === 'CalculationNode') {
      node.calculator =
        spec.config.calculator === undefined
          ? undefined
          : lookup(calculators, spec.config.calculator);
      node.inputTransformers = spec.config.input_transformers.map((t) => lookup(transformers, t));
      node.outputTransformers = spec.config.output_transformers.map((t) => lookup(transformers, t));
    } else if (spec.type === 'PublicationNode') {
      node.inputTransformers = spec.config.input_transformers.map((t) => lookup(transformers, t));
    } else if (spec.type === 'SubscriptionNode' || spec.type === 'MetronomeNode') {
      // A source may compute before it emits (and publish: see adapter-wiring.ts).
      const { calculator, input_transformers = [], output_transformers = [] } = spec.config;
      node.calculator = calculator === undefined ? undefined : lookup(calculators, calculator);
      node.inputTransformers = input_transformers.map((t) => lookup(transformers, t));
      node.outputTransformers = output_transformers.map((t) => lookup(transformers, t));
    }
    byName.set(spec.name, node);
  }
  for (const edge of dag.edges) {
    const from = lookup(byName, edge.from);
    const to = lookup(byName, edge.to);
    to.parents.push({
      node: from,
      transformer:
        edge.transformer === undefined ? undefined : lookup(transformers, edge.transformer),
      pname: edge.pname,
    });
    from.children.push(to);
  }
  const order = topologicalOrder(
    dag.nodes.map((n) => n.name),
    dag.edges,
  );
  if (!order.ok) throw new InvariantError(`DAG ${dag.name} passed validation but has a cycle`);
  return order.order.map((name) => lookup(byName, name));
}
