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
  // Ready nodes come out lowest declaration index first, so ties keep the declared order.
  const index = new Map(nodes.map((n, i) => [n, i]));
  const ready = new MinHeap<string>((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
  for (const n of nodes) if (inDegree.get(n) === 0) ready.push(n);
  const order: string[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
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

/** Removes, one worklist pass, every node from which no path leads back into the remaining set. */
function trimNodesWithoutSuccessors(remaining: Set<string>, out: Map<string, string[]>): void {
  const outDegree = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const n of remaining) {
    const children = (out.get(n) ?? []).filter((c) => remaining.has(c));
    outDegree.set(n, children.length);
    for (const c of children) {
      const list = parents.get(c);
      if (list) list.push(n);
      else parents.set(c, [n]);
    }
  }
  const sinks = [...remaining].filter((n) => outDegree.get(n) === 0);
  while (sinks.length > 0) {
    const n = sinks.pop() as string;
    remaining.delete(n);
    for (const p of parents.get(n) ?? []) {
      const d = (outDegree.get(p) ?? 0) - 1;
      outDegree.set(p, d);
      if (d === 0) sinks.push(p);
    }
  }
}

/** A small binary min-heap. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[parent] as T, item) <= 0) break;
      items[i] = items[parent] as T;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.compare(items[right] as T, items[left] as T) < 0
          ? right
          : left;
      if (this.compare(items[child] as T, last) >= 0) break;
      items[i] = items[child] as T;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
