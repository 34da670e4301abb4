/**
 * The far level's minimap (React Flow's MiniMap shows no hidden node): the same frame as React
 * Flow's (the nodes' bounds and the view, with an offset of 5 minimap units) in a 200 x 150 box,
 * free of React and of the DOM.
 */
import { boundsOf, type Point, type Rect } from './geometry';
import type { Scene } from './scene';

/** React Flow's MiniMap defaults. */
export const MINIMAP_SIZE = { width: 200, height: 150 } as const;
const OFFSET_SCALE = 5;

/** The flow rect the minimap shows, and its scale: minimap pixels per flow pixel. */
export interface MiniFrame extends Rect {
  readonly scale: number;
}

export function sceneBounds(scene: Scene): Rect | null {
  return boundsOf(scene.nodes.map((n) => n.rect));
}

/**
 * What the minimap shows: the nodes and the view (`view`, flow coordinates) with a margin,
 * centred in the box at one scale (as an SVG viewBox with `xMidYMid meet`).
 */
export function miniFrame(nodes: Rect | null, view: Rect, size = MINIMAP_SIZE): MiniFrame {
  const bounds = nodes ? boundsOf([nodes, view])! : view;
  const viewScale = Math.max(bounds.width / size.width, bounds.height / size.height);
  const offset = OFFSET_SCALE * viewScale;
  const width = viewScale * size.width + 2 * offset;
  const height = viewScale * size.height + 2 * offset;
  const scale = Math.min(size.width / width, size.height / height);
  // Centred: the box's centre shows the bounds' centre.
  const x = bounds.x + bounds.width / 2 - size.width / scale / 2;
  const y = bounds.y + bounds.height / 2 - size.height / scale / 2;
  return { x, y, width: size.width / scale, height: size.height / scale, scale };
}

/** A point of the minimap (pixels from its top left) in flow coordinates. */
export function miniToFlow(point: Point, frame: MiniFrame): Point {
  return { x: frame.x + point.x / frame.scale, y: frame.y + point.y / frame.scale };
}
