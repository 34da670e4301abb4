/**
 * Geometry of the far-level canvas, free of React and of the DOM: the viewport transform, rects,
 * and the curve of an edge (the same bezier React Flow draws between a node's right handle and
 * the next node's left handle).
 */

/** React Flow's viewport transform: screen = flow * zoom + (x, y). */
export type Transform = readonly [x: number, y: number, zoom: number];

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A cubic bezier from `from` to `to` through the control points `c1` and `c2`. */
export interface Curve {
  readonly from: Point;
  readonly c1: Point;
  readonly c2: Point;
  readonly to: Point;
}

/** A point of the pane (pixels from its top left corner) in flow coordinates. */
export function toFlow(point: Point, [x, y, zoom]: Transform): Point {
  return { x: (point.x - x) / zoom, y: (point.y - y) / zoom };
}

/** A point in flow coordinates on the pane, in pixels from its top left corner. */
export function toPane(point: Point, [x, y, zoom]: Transform): Point {
  return { x: point.x * zoom + x, y: point.y * zoom + y };
}

/** The part of the flow a pane of `width` x `height` shows, grown by `margin` screen pixels. */
export function visibleRect(transform: Transform, width: number, height: number, margin = 0): Rect {
  const zoom = transform[2];
  const topLeft = toFlow({ x: -margin, y: -margin }, transform);
  return {
    x: topLeft.x,
    y: topLeft.y,
    width: (width + 2 * margin) / zoom,
    height: (height + 2 * margin) / zoom,
  };
}

/** The smallest rect holding all of `rects`; none for none. */
export function boundsOf(rects: Iterable<Rect>): Rect | null {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rects) {
    left = Math.min(left, r.x);
    top = Math.min(top, r.y);
    right = Math.max(right, r.x + r.width);
    bottom = Math.max(bottom, r.y + r.height);
  }
  return left > right ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(rect: Rect, point: Point): boolean {
  return (
    point.x >= rect.x &&
    point.x <= rect.x + rect.width &&
    point.y >= rect.y &&
    point.y <= rect.y + rect.height
  );
}

/**
 * Where an edge leaves and enters a node: the outer side of React Flow's 6 px handles, centred on
 * the node's right and left borders (the left border is the 4 px kind stripe).
 */
const SOURCE_OUTSET = 2;
const TARGET_INSET = 1;

/** React Flow's `getBezierPath` offset of a control point from its end (curvature 0.25). */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** React Flow's bezier from a source handle at `from` to a target handle at `to`. */
export function curveBetween(from: Point, to: Point): Curve {
  const offset = controlOffset(to.x - from.x);
  return { from, c1: { x: from.x + offset, y: from.y }, c2: { x: to.x - offset, y: to.y }, to };
}

/** The curve of an edge from the right handle of `source` to the left handle of `target`. */
export function edgeCurve(source: Rect, target: Rect): Curve {
  return curveBetween(
    { x: source.x + source.width + SOURCE_OUTSET, y: source.y + source.height / 2 },
    { x: target.x + TARGET_INSET, y: target.y + target.height / 2 },
  );
}

/** A rect holding the curve (its control polygon's bounds: a bezier stays inside its hull). */
export function curveBounds({ from, c1, c2, to }: Curve): Rect {
  const left = Math.min(from.x, c1.x, c2.x, to.x);
  const top = Math.min(from.y, c1.y, c2.y, to.y);
  return {
    x: left,
    y: top,
    width: Math.max(from.x, c1.x, c2.x, to.x) - left,
    height: Math.max(from.y, c1.y, c2.y, to.y) - top,
  };
}
