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

/**
 * The cycles among nodes that Kahn's algorithm could not place. Linear in nodes and edges: nodes
 * that lead nowhere are trimmed as they appear, and the walk keeps its path across cycles, so
 * each node is stepped on once however many cycles there are.
 */
function findCycles(candidates: string[], out: Map<string, string[]>): string[][] {
  const remaining = new Set(candidates);
  // Successors left in `remaining`, and the parents to tell when a node loses its last one.
  const outDegree = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const n of remaining) {
    let degree = 0;
    for (const c of out.get(n) ?? []) {
      if (!remaining.has(c)) continue;
      degree++;
      const list = parents.get(c);
      if (list) list.push(n);
      else parents.set(c, [n]);
    }
    outDegree.set(n, degree);
  }
  /** Removes the nodes, then every node from which no path leads back into the remaining set. */
  const remove = (nodes: Iterable<string>) => {
    const worklist = [...nodes];
    while (worklist.length > 0) {
      const n = worklist.pop() as string;
      if (!remaining.delete(n)) continue;
      for (const p of parents.get(n) ?? []) {
        if (!remaining.has(p)) continue;
        const d = (outDegree.get(p) ?? 0) - 1;
        outDegree.set(p, d);
        if (d === 0) worklist.push(p);
      }
    }
  };
  remove(candidates.filter((n) => outDegree.get(n) === 0));

  // Each remaining node has a successor among the remaining ones: walk until a node repeats.
  const cursor = new Map<string, number>();
  const successor = (n: string): string => {
    const list = out.get(n) ?? [];
    let i = cursor.get(n) ?? 0;
    while (i < list.length && !remaining.has(list[i] as string)) i++;
    cursor.set(n, i);
    return list[i] as string;
  };
  const cycles: string[][] = [];
  const path: string[] = [];
  const onPath = new Map<string, number>();
  for (;;) {
    // Nodes trimmed after the last cycle are at the end of the path (each leads to the next).
    while (path.length > 0 && !remaining.has(path[path.length - 1] as string))
      onPath.delete(path.pop() as string);
    if (path.length === 0) {
      const start = remaining.values().next();
      if (start.done) return cycles;
      onPath.set(start.value, 0);
      path.push(start.value);
    }
    const next = successor(path[path.length - 1] as string);
    const at = onPath.get(next);
    if (at === undefined) {
      onPath.set(next, path.length);
      path.push(next);
      continue;
    }
    const cycle = path.splice(at);
    for (const n of cycle) onPath.delete(n);
    cycles.push([...cycle, next]);
    remove(cycle);
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
