/**
 * A layered layout, left to right, in linear time, for DAGs too big for elkjs to lay out while the
 * user waits (elk's layered algorithm takes seconds at 1,000 nodes, minutes at 10,000). Each node
 * goes in the layer after its furthest predecessor; a sweep down and one back order each layer by
 * the mean place of the neighbours in the layer before (barycenters), and the nodes of a layer
 * are placed as near that mean as they can without overlapping. Cycles (a DAG being drawn) are
 * cut where they close: what is left of them goes after the rest.
 */
export interface LayoutBox {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}
export interface LayoutLink {
  readonly source: string;
  readonly target: string;
}
export interface LayoutSpacing {
  /** Between two layers (the gap after the widest node of a layer). */
  readonly betweenLayers: number;
  /** Between two nodes of a layer. */
  readonly betweenNodes: number;
}

export function fastLayeredLayout(
  boxes: readonly LayoutBox[],
  links: readonly LayoutLink[],
  spacing: LayoutSpacing,
): Map<string, { x: number; y: number }> {
  const index = new Map(boxes.map((b, i) => [b.id, i]));
  const n = boxes.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const link of links) {
    const s = index.get(link.source);
    const t = index.get(link.target);
    if (s === undefined || t === undefined || s === t) continue;
    preds[t]!.push(s);
    succs[s]!.push(t);
  }

  // Layers: longest path from the sources (Kahn's order); nodes on a cycle come after.
  const layer = new Array<number>(n).fill(0);
  const waiting = preds.map((p) => p.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) queue.push(i);
  const done = new Array<boolean>(n).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    done[v] = true;
    for (const w of succs[v]!) {
      layer[w] = Math.max(layer[w]!, layer[v]! + 1);
      if (--waiting[w]! === 0) queue.push(w);
    }
  }
  let deepest = queue.reduce((m, v) => Math.max(m, layer[v]!), 0);
  for (let v = 0; v < n; v++)
    if (!done[v]) {
      // On a cycle: after its placed predecessors, else after everything.
      const placed = preds[v]!.filter((p) => done[p]);
      layer[v] = placed.length ? Math.max(...placed.map((p) => layer[p]! + 1)) : deepest + 1;
      done[v] = true;
      deepest = Math.max(deepest, layer[v]!);
    }

  const layers: number[][] = Array.from({ length: deepest + 1 }, () => []);
  for (let v = 0; v < n; v++) layers[layer[v]!]!.push(v);

  // Order: barycenters of the neighbours in the layer before, down then up then down.
  const rank = new Array<number>(n).fill(0);
  const setRanks = (ids: number[]) => ids.forEach((v, i) => (rank[v] = i));
  layers.forEach(setRanks);
  const sweep = (order: number[], neighbours: number[][]) => {
    for (const i of order) {
      const ids = layers[i]!;
      const key = new Map<number, number>();
      for (const v of ids) {
        const near = neighbours[v]!.filter((w) => layer[w] !== layer[v]);
        key.set(
          v,
          near.length ? near.reduce((sum, w) => sum + rank[w]!, 0) / near.length : rank[v]!,
        );
      }
      ids.sort((a, b) => key.get(a)! - key.get(b)! || rank[a]! - rank[b]!);
      setRanks(ids);
    }
  };
  const down = layers.map((_, i) => i).slice(1);
  const up = layers
    .map((_, i) => i)
    .reverse()
    .slice(1);
  sweep(down, preds);
  sweep(up, succs);
  sweep(down, preds);

  // Coordinates: x by layer; y near the neighbours' mean, in order, without overlaps.
  const y = new Array<number>(n).fill(0);
  const place = (ids: number[], wanted: (v: number) => number | undefined) => {
    let next = -Infinity;
    for (const v of ids) {
      y[v] = Math.max(wanted(v) ?? y[v]!, next);
      next = y[v]! + boxes[v]!.height + spacing.betweenNodes;
    }
  };
  const centreOf = (v: number) => y[v]! + boxes[v]!.height / 2;
  const meanCentre = (v: number, near: number[]) => {
    const placedNear = near.filter((w) => layer[w] !== layer[v]);
    if (!placedNear.length) return undefined;
    const mean = placedNear.reduce((sum, w) => sum + centreOf(w), 0) / placedNear.length;
    return mean - boxes[v]!.height / 2;
  };
  place(layers[0]!, () => undefined);
  for (const i of down) place(layers[i]!, (v) => meanCentre(v, preds[v]!));
  for (const i of up) place(layers[i]!, (v) => meanCentre(v, succs[v]!));

  const positions = new Map<string, { x: number; y: number }>();
  const top = y.reduce((m, v) => Math.min(m, v), 0);
  let x = 0;
  for (const ids of layers) {
    let widest = 0;
    for (const v of ids) {
      positions.set(boxes[v]!.id, { x, y: y[v]! - top });
      widest = Math.max(widest, boxes[v]!.width);
    }
    x += widest + spacing.betweenLayers;
  }
  return positions;
}
