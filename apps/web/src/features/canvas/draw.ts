/**
 * Paints the scene on a 2D canvas. Far away, what a compact DOM node shows (designer.css
 * `.dag-node--compact`: a box with its kind stripe, its name in large letters, a status dot in
 * the live view, a red border for problems, an outline when selected) and React Flow's edges with
 * their arrowheads, green while data flows; near by (the live view of a big DAG), the full node
 * (draw-near.ts). Only what is in view is painted, in few paths: one per colour, not one per
 * node.
 */
import type { Kind } from '../../theme';
import { COMPACT_BELOW_ZOOM } from '../designer/model';
import { drawNearContent, fitText } from './draw-near';
import { visibleRect, type Curve, type Rect, type Transform } from './geometry';
import type { Palette } from './palette';
import { fillWith, pathOf, strokeWith } from './paths';
import {
  cull,
  type LiveLook,
  type NodeStatus,
  type Scene,
  type SceneEdge,
  type SceneNode,
} from './scene';

export interface DrawInput {
  readonly scene: Scene;
  readonly look: LiveLook;
  readonly transform: Transform;
  /** The pane's size in CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly palette: Palette;
  /** The node the arrow keys are on, ringed (while the canvas has the keyboard's focus). */
  readonly focused?: string | null | undefined;
}

// The compact node's measures (designer.css), in flow pixels.
const RADIUS = 6;
const STRIPE = 4;
const PAD_X = 14;
const NAME_FONT_PX = 26;
const DOT_RADIUS = 11;
const GAP = 10;
const PROBLEM_BORDER = 3;
/** Names smaller than this on screen are a smudge: left out. */
const MIN_NAME_SCREEN_PX = 2;

function curvePath(path: Path2D, { from, c1, c2, to }: Curve) {
  path.moveTo(from.x, from.y);
  path.bezierCurveTo(c1.x, c1.y, c2.x, c2.y, to.x, to.y);
}

/** React Flow's closed arrow (markerUnits strokeWidth, 16 x 16 over a 20-unit box): 4w long. */
function arrowPath(path: Path2D, { to }: Curve, strokeWidth: number) {
  const length = 4 * strokeWidth;
  const half = 3.2 * strokeWidth;
  path.moveTo(to.x, to.y);
  path.lineTo(to.x - length, to.y - half);
  path.lineTo(to.x - length, to.y + half);
  path.closePath();
}

function drawEdges(
  ctx: CanvasRenderingContext2D,
  edges: readonly SceneEdge[],
  look: LiveLook,
  palette: Palette,
) {
  const plain = new Path2D();
  const active = new Path2D();
  const selected = new Path2D();
  const arrows = new Path2D();
  for (const e of edges) {
    const on = look.get(e.source)?.flowing === true;
    curvePath(e.selected ? selected : on ? active : plain, e.curve);
    arrowPath(arrows, e.curve, on ? 2 : 1);
  }
  strokeWith(ctx, plain, palette.edge, 1);
  strokeWith(ctx, selected, palette.selection, 1);
  strokeWith(ctx, active, palette.flowing, 2);
  fillWith(ctx, arrows, palette.edge);
}

const dotColour = (status: NodeStatus, palette: Palette) =>
  status === 'on' ? palette.on : status === 'error' ? palette.error : palette.idle;

/**
 * One layer of nodes (those not selected, then the selected ones on top): their boxes, then far
 * away a status dot and the name (if `names`), near by what a full node shows (draw-near.ts).
 */
function drawNodes(
  ctx: CanvasRenderingContext2D,
  nodes: readonly SceneNode[],
  input: DrawInput,
  names: boolean,
  near: boolean,
): void {
  const { palette, look, scene } = input;
  const bodies = new Path2D();
  const borders = new Path2D();
  const problems = new Path2D();
  const problemBorders = new Path2D();
  const problemStripes = new Path2D();
  const outlines = new Path2D();
  const stripes = new Map<Kind, Path2D>();
  const dots = new Map<string, Path2D>();
  for (const n of nodes) {
    const { x, y, width, height } = n.rect;
    bodies.roundRect(x, y, width, height, RADIUS);
    if (n.problems > 0 && near) {
      // The full node's border and stripe turn red (`.dag-node--problem`).
      problemBorders.roundRect(x + 0.5, y + 0.5, width - 1, height - 1, RADIUS - 0.5);
      problemStripes.roundRect(x, y, STRIPE, height, [RADIUS, 0, 0, RADIUS]);
    } else if (n.problems > 0) {
      const inset = PROBLEM_BORDER / 2;
      problems.roundRect(
        x + inset,
        y + inset,
        width - PROBLEM_BORDER,
        height - PROBLEM_BORDER,
        RADIUS - inset,
      );
    } else {
      borders.roundRect(x + 0.5, y + 0.5, width - 1, height - 1, RADIUS - 0.5);
      pathOf(stripes, n.kind).roundRect(x, y, STRIPE, height, [RADIUS, 0, 0, RADIUS]);
    }
    if (n.selected) outlines.roundRect(x - 2, y - 2, width + 4, height + 4, RADIUS + 2);
    const status = look.get(n.id)?.status;
    if (!near && scene.live && status !== undefined) {
      const dot = pathOf(dots, dotColour(status, palette));
      const cx = x + width - 1 - PAD_X - DOT_RADIUS;
      dot.moveTo(cx + DOT_RADIUS, y + height / 2);
      dot.arc(cx, y + height / 2, DOT_RADIUS, 0, 2 * Math.PI);
    }
  }
  fillWith(ctx, bodies, palette.body);
  strokeWith(ctx, borders, palette.border, 1);
  for (const [kind, stripe] of stripes) fillWith(ctx, stripe, palette.kinds[kind]);
  strokeWith(ctx, problems, palette.problem, PROBLEM_BORDER);
  strokeWith(ctx, problemBorders, palette.problem, 1);
  fillWith(ctx, problemStripes, palette.problem);
  strokeWith(ctx, outlines, palette.selection, 2);
  for (const [colour, dot] of dots) fillWith(ctx, dot, colour);
  if (near) drawNearContent(ctx, nodes, { look, palette, live: scene.live });
  else if (names) drawNames(ctx, nodes, input);
}

function drawNames(ctx: CanvasRenderingContext2D, nodes: readonly SceneNode[], input: DrawInput) {
  const { palette, scene } = input;
  ctx.font = `600 ${NAME_FONT_PX}px ${palette.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.text;
  const left = STRIPE + PAD_X;
  for (const n of nodes) {
    const { x, y, width, height } = n.rect;
    const right = scene.live ? 1 + PAD_X + 2 * DOT_RADIUS + GAP : 1 + PAD_X;
    ctx.fillText(fitText(ctx, n.id, width - left - right), x + left, y + height / 2);
  }
}

/** A dashed ring outside the node's selection outline, as wide on screen at every zoom. */
function drawFocusRing(
  ctx: CanvasRenderingContext2D,
  node: SceneNode,
  palette: Palette,
  zoom: number,
) {
  const gap = 5 / zoom;
  const { x, y, width, height } = node.rect;
  const ring = new Path2D();
  ring.roundRect(x - gap, y - gap, width + 2 * gap, height + 2 * gap, RADIUS + gap);
  ctx.setLineDash([6 / zoom, 4 / zoom]);
  strokeWith(ctx, ring, palette.selection, 2 / zoom);
  ctx.setLineDash([]);
}

/**
 * Paints the scene in view, on a cleared canvas of `width * dpr` x `height * dpr` device
 * pixels.
 */
export function drawScene(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { scene, transform, width, height, dpr } = input;
  const [tx, ty, zoom] = transform;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const view: Rect = visibleRect(transform, width, height);
  const { nodes, edges } = cull(scene, view);
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
  drawEdges(ctx, edges, input.look, input.palette);
  const names = NAME_FONT_PX * zoom >= MIN_NAME_SCREEN_PX;
  const near = zoom >= COMPACT_BELOW_ZOOM;
  const firstSelected = nodes.findIndex((n) => n.selected);
  const split = firstSelected < 0 ? nodes.length : firstSelected;
  drawNodes(ctx, nodes.slice(0, split), input, names, near);
  drawNodes(ctx, nodes.slice(split), input, names, near);
  const focused = input.focused ? nodes.find((n) => n.id === input.focused) : undefined;
  if (focused) drawFocusRing(ctx, focused, input.palette, zoom);
}
