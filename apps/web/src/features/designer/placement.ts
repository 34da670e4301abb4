import type { XYPosition } from '@xyflow/react';
import { NODE_HEIGHT, NODE_WIDTH, type FlowNode } from './model';

/**
 * Where new nodes go: never exactly on top of others. A node added from the palette goes to the
 * free spot nearest the wanted one; pasted nodes move on by a step until they cover none.
 */

export interface Size {
  width: number;
  height: number;
}
export interface Box extends XYPosition, Size {}

/** Space kept free around a placed node. */
export const GAP = 16;
/** How far a paste that would cover a node moves on, per try. */
export const PASTE_STEP = 24;

/** A node's box on the canvas (its measured size, else the designer's fixed one). */
export const boxOf = (n: Pick<FlowNode, 'position' | 'measured'>): Box => ({
  x: n.position.x,
  y: n.position.y,
  width: n.measured?.width ?? NODE_WIDTH,
  height: n.measured?.height ?? NODE_HEIGHT.design,
});

/** Whether two boxes overlap once `gap` is kept around `a`. */
export const overlaps = (a: Box, b: Box, gap = 0): boolean =>
  a.x - gap < b.x + b.width &&
  b.x < a.x + a.width + gap &&
  a.y - gap < b.y + b.height &&
  b.y < a.y + a.height + gap;

/**
 * The top-left corner nearest `wanted` where a box of `size` overlaps none of `nodes` (with a
 * gap kept): `wanted` itself when free, else the first free spot on rings around it, nearest
 * first, on a grid of half a node.
 */
export function freeSpot(
  nodes: readonly Pick<FlowNode, 'position' | 'measured'>[],
  wanted: XYPosition,
  size: Size,
): XYPosition {
  const boxes = nodes.map(boxOf);
  const free = (p: XYPosition) => !boxes.some((b) => overlaps({ ...p, ...size }, b, GAP));
  if (free(wanted)) return wanted;
  const stepX = Math.round(size.width / 2);
  const stepY = Math.round(size.height / 2);
  for (let ring = 1; ring <= 200; ring++) {
    const spots: XYPosition[] = [];
    for (let i = -ring; i <= ring; i++)
      for (let j = -ring; j <= ring; j++)
        if (Math.max(Math.abs(i), Math.abs(j)) === ring)
          spots.push({ x: wanted.x + i * stepX, y: wanted.y + j * stepY });
    const distance = (p: XYPosition) => Math.hypot(p.x - wanted.x, p.y - wanted.y);
    spots.sort((a, b) => distance(a) - distance(b));
    const spot = spots.find(free);
    if (spot) return spot;
  }
  return wanted;
}

/**
 * How far a block of new nodes (`added`) moves on, in steps of PASTE_STEP down and right, until
 * none of them overlaps one of `nodes`: {0, 0} when it already covers none.
 */
export function clearOffset(
  nodes: readonly Pick<FlowNode, 'position' | 'measured'>[],
  added: readonly Pick<FlowNode, 'position' | 'measured'>[],
): XYPosition {
  const boxes = nodes.map(boxOf);
  const block = added.map(boxOf);
  for (let k = 0; k < 1000; k++) {
    const d = k * PASTE_STEP;
    const covers = block.some((a) =>
      boxes.some((b) => overlaps({ ...a, x: a.x + d, y: a.y + d }, b, GAP / 2)),
    );
    if (!covers) return { x: d, y: d };
  }
  return { x: 0, y: 0 };
}

/** `added` moved to start at `at` (their top-left corner) if given, then clear of `nodes`. */
export function placedBlock<N extends Pick<FlowNode, 'position' | 'measured'>>(
  nodes: readonly N[],
  added: readonly N[],
  at?: XYPosition,
): N[] {
  if (added.length === 0) return [];
  let moved = [...added];
  if (at) {
    const left = Math.min(...added.map((n) => n.position.x));
    const top = Math.min(...added.map((n) => n.position.y));
    moved = added.map((n) => ({
      ...n,
      position: { x: n.position.x - left + at.x, y: n.position.y - top + at.y },
    }));
  }
  const d = clearOffset(nodes, moved);
  if (d.x === 0 && d.y === 0) return moved;
  return moved.map((n) => ({ ...n, position: { x: n.position.x + d.x, y: n.position.y + d.y } }));
}
