/**
 * Moving between the canvas's nodes with the arrow keys, free of React and of the DOM: from a
 * node, the nearest one in the direction pressed, a node straight ahead preferred to one as near
 * but off to the side (as spatial navigation on a TV or a game console chooses).
 */
import { overlaps, type Rect } from './geometry';
import type { Scene, SceneNode } from './scene';

export type Direction = 'left' | 'right' | 'up' | 'down';

export const DIRECTIONS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

const UNIT: Readonly<Record<Direction, readonly [number, number]>> = {
  left: [-1, 0],
  right: [1, 0],
  up: [0, -1],
  down: [0, 1],
};

/** How much more a step to the side costs than a step ahead. */
const SIDE_WEIGHT = 3;

const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

/** The node to go to from `from` in `direction`, if there is one that way. */
export function nextNode(
  scene: Scene,
  from: SceneNode,
  direction: Direction,
): SceneNode | undefined {
  const [ux, uy] = UNIT[direction];
  const start = centre(from.rect);
  let best: SceneNode | undefined;
  let bestCost = Infinity;
  for (const n of scene.nodes) {
    if (n.id === from.id) continue;
    const c = centre(n.rect);
    const [dx, dy] = [c.x - start.x, c.y - start.y];
    const ahead = dx * ux + dy * uy;
    if (ahead <= 0) continue;
    const side = Math.abs(dx * uy - dy * ux);
    const cost = ahead + SIDE_WEIGHT * side;
    if (cost < bestCost) [best, bestCost] = [n, cost];
  }
  return best;
}

/**
 * Where the keys start: the selected node in view, else the node nearest the view's centre
 * (`view` in flow coordinates).
 */
export function firstNode(scene: Scene, view: Rect): SceneNode | undefined {
  const inView = scene.nodes.filter((n) => overlaps(n.rect, view));
  const selected = inView.find((n) => n.selected);
  if (selected) return selected;
  const mid = centre(view);
  let best: SceneNode | undefined;
  let bestDistance = Infinity;
  for (const n of inView.length ? inView : scene.nodes) {
    const c = centre(n.rect);
    const d = Math.hypot(c.x - mid.x, c.y - mid.y);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  return best;
}
