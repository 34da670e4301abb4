/**
 * Zoom to fit that keeps a small DAG readable: opened, its nodes' text at its size (zoom 1); what
 * does not fit then starts at the left and top of the canvas (the sources first, as Node-RED opens
 * a flow) and the rest is a scroll away. Fitted on demand (F, the buttons), all of it, as full
 * nodes still: never the compact far look of a thousand nodes, whatever the window's size. A big
 * DAG fits whole, as before (far away, the canvas draws it compact).
 */
import type { Rect, Viewport } from '@xyflow/react';

/** Up to this many nodes a DAG is small: zoom to fit goes no further out than READABLE_ZOOM. */
export const SMALL_DAG_NODES = 60;
/** The zoom at which node text is at its size (designer.css: the name 14 px, the rest 12 px). */
export const READABLE_ZOOM = 1;
export const FIT_PADDING = 0.2;
export const FIT_MAX_ZOOM = 1.2;
/** The least zoom of the canvas (and of a big DAG's fit). */
export const MIN_ZOOM = 0.05;

/**
 * The least zoom an explicit zoom to fit (the F key, the buttons) may choose for a small DAG: all
 * of it in view, still as full nodes (above COMPACT_BELOW_ZOOM, 0.45), never the compact look.
 */
export const WHOLE_MIN_ZOOM = 0.5;

/**
 * The least zoom zoom to fit may choose for a DAG of `nodeCount` nodes: when it opens
 * (`whole` false) a small DAG at the readable zoom, on demand all of it as full nodes.
 */
export const fitMinZoom = (nodeCount: number, { whole = false }: { whole?: boolean } = {}) =>
  nodeCount > SMALL_DAG_NODES ? MIN_ZOOM : whole ? WHOLE_MIN_ZOOM : READABLE_ZOOM;

/**
 * The view that shows `bounds` (flow coordinates) in a pane of `width` x `height` pixels: centred
 * at the zoom that fits it (with `padding`, a share of the pane, around it) between `minZoom` and
 * `maxZoom`; along a side where it is still too big at `minZoom`, from its start.
 */
export function fitViewport(
  bounds: Rect,
  width: number,
  height: number,
  {
    minZoom,
    maxZoom = FIT_MAX_ZOOM,
    padding = FIT_PADDING,
  }: { minZoom: number; maxZoom?: number; padding?: number },
): Viewport {
  if (width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const fits = Math.min(
    width / (Math.max(bounds.width, 1) * (1 + padding)),
    height / (Math.max(bounds.height, 1) * (1 + padding)),
  );
  const zoom = Math.min(maxZoom, Math.max(minZoom, fits));
  /** Where the view starts along one side: centred if it fits, else a margin before its start. */
  const start = (from: number, size: number, pane: number) => {
    const shown = size * zoom;
    if (shown <= pane * (1 - padding / 2)) return (pane - shown) / 2 - from * zoom;
    return Math.min(pane * padding * 0.25, 40) - from * zoom;
  };
  return {
    x: start(bounds.x, bounds.width, width),
    y: start(bounds.y, bounds.height, height),
    zoom,
  };
}
