/** Graph algorithms on node names, iterative (no recursion to overflow). */

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export type TopologicalResult =
  | { readonly ok: true; readonly order: string[] }
  | { readonly ok: false; readonly cycles: string[][] };

/**
 * Kahn's algorithm; ties keep the order in which nodes were declared. When the graph has cycles,
 * returns each of them as the node names along it (the first name is repeated at the end).
 * Edges whose endpoints are not among `nodes` are ignored.
 */
export function topologicalOrder(
  nodes: readonly string[],
  edges: readonly GraphEdge[],
): TopologicalResult {
  const known = new Set(nodes);
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  const inDegree = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const { from, to } of edges) {
    if (!known.has(from) || !known.has(to)) continue;
    out.get(from)?.push(to);
    inDegree.set(to, (inDegree.get(to) ?? 0) + 1);
  }
  const order: string[] = [];
  const ready = nodes.filter((n) => inDegree.get(n) === 0);
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i] as string;
    order.push(node);
    for (const child of out.get(node) ?? []) {
      const d = (inDegree.get(child) ?? 0) - 1;
      inDegree.set(child, d);
      if (d === 0) ready.push(child);
    }
  }
  if (order.length === nodes.length) return { ok: true, order };
  const placed = new Set(order);
  return {
    ok: false,
    cycles: findCycles(
      nodes.filter((n) => !placed.has(n)),
      out,
    ),
  };
}

function findCycles(candidates: string[], out: Map<string, string[]>): string[][] {
  const remaining = new Set(candidates);
  const cycles: string[][] = [];
  for (;;) {
    trimNodesWithoutSuccessors(remaining, out);
    const start = remaining.values().next();
    if (start.done) return cycles;
    // Every remaining node has a successor among the remaining ones: walk until a node repeats.
    const path: string[] = [];
    const seenAt = new Map<string, number>();
    let node = start.value;
    while (!seenAt.has(node)) {
      seenAt.set(node, path.length);
      path.push(node);
      node = (out.get(node) ?? []).find((c) => remaining.has(c)) as string;
    }
    const cycle = path.slice(seenAt.get(node));
    cycles.push([...cycle, node]);
    for (const n of cycle) remaining.delete(n);
  }
}

function trimNodesWithoutSuccessors(remaining: Set<string>, out: Map<string, string[]>): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of remaining) {
      if (!(out.get(n) ?? []).some((c) => remaining.has(c))) {
        remaining.delete(n);
        changed = true;
      }
    }
  }
}
