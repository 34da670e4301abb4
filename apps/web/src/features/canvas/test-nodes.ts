// Nodes and scenes for the far level's tests.
import type { FlowEdge, FlowNode } from '../designer/model';
import { flowNode } from '../designer/model';
import { buildScene, type Scene } from './scene';

/** A calculation node at (x, y). */
export const calcNode = (name: string, x: number, y: number, selected = false): FlowNode => ({
  ...flowNode({ name, type: 'CalculationNode', config: { calculator: 'c' } }, { x, y }),
  selected,
});

/** The scene of these nodes and edges, in the designer unless `live`. */
export function sceneOf(
  nodes: readonly FlowNode[],
  { edges = [], live = false }: { edges?: readonly FlowEdge[]; live?: boolean } = {},
): Scene {
  return buildScene({ nodes, edges, live, problems: {} });
}
