import type { XYPosition } from '@xyflow/react';
import { fastLayeredLayout } from './fast-layout';
import { NODE_HEIGHT, NODE_WIDTH, type FlowEdge, type FlowNode } from './model';

/**
 * Above this many nodes the designer lays a DAG out itself (fast-layout.ts, linear time) instead
 * of with elkjs, whose layered algorithm takes seconds at 1,000 nodes (the target for
 * opening a 1,000-node DAG without positions is 1.5 s) and minutes at 10,000.
 */
export const ELK_MAX_NODES = 300;
const BETWEEN_LAYERS = 80;
const BETWEEN_NODES = 30;

/**
 * Positions for every node, layered left to right: by elkjs (loaded on first use) up to
 * ELK_MAX_NODES nodes, above by the designer's own fast layered layout.
 */
export async function autoLayout(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): Promise<Map<string, XYPosition>> {
  if (nodes.length > ELK_MAX_NODES)
    return fastLayeredLayout(
      nodes.map((n) => ({
        id: n.id,
        width: n.measured?.width ?? NODE_WIDTH,
        height: n.measured?.height ?? NODE_HEIGHT.design,
      })),
      edges,
      { betweenLayers: BETWEEN_LAYERS, betweenNodes: BETWEEN_NODES },
    );
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const ids = new Set(nodes.map((n) => n.id));
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(BETWEEN_LAYERS),
      'elk.spacing.nodeNode': String(BETWEEN_NODES),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.measured?.width ?? NODE_WIDTH,
      height: n.measured?.height ?? NODE_HEIGHT.design,
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
