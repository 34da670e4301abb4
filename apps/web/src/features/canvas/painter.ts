/**
 * Puts the far-level scene on the screen cheaply. What stays still is painted once into a layer
 * that covers the view and a margin around it; a pan that stays within the margin only moves the
 * layer with a CSS transform (the compositor's work: nothing is painted again), and a drag paints
 * only the nodes it moves, with their edges, on an overlay just large enough to hold them. The
 * layer is painted again when what it shows changes, the zoom changes or a pan leaves the margin.
 */
import { drawMiniMap } from './draw-minimap';
import { drawScene, type DrawInput } from './draw';
import { boundsOf, overlaps, visibleRect, type Rect } from './geometry';
import { MINIMAP_SIZE, miniFrame, sceneBounds, type MiniFrame } from './minimap';
import type { Scene } from './scene';

/** CSS pixels of the layer beyond each side of the view. */
export const LAYER_MARGIN = 300;

/** What to paint: `scene` is the whole scene (for the minimap), in parts for the layer. */
export interface PaintFrame extends DrawInput {
  /** What a drag leaves in place, and a value that changes whenever that does. */
  readonly still: Scene;
  readonly stillVersion: number;
  /** The nodes a drag moves, with their edges (drawn over the layer each frame). */
  readonly moving: Scene | null;
}

export interface Painter {
  paint(frame: PaintFrame): void;
  /** The flow rect the minimap shows now (for its pointer). */
  miniFrame(): MiniFrame | null;
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** CSS pixels around what the overlay holds: outlines and strokes reach beyond the boxes. */
const OVERLAY_PAD = 6;

/** The part of the pane (CSS pixels, whole ones) that shows `scene`, if any. */
function screenBounds(scene: Scene, f: PaintFrame): Rect | null {
  const flow = boundsOf([...scene.nodes.map((n) => n.rect), ...scene.edges.map((e) => e.bounds)]);
  if (!flow) return null;
  const [tx, ty, zoom] = f.transform;
  const x = Math.max(0, Math.floor(flow.x * zoom + tx - OVERLAY_PAD));
  const y = Math.max(0, Math.floor(flow.y * zoom + ty - OVERLAY_PAD));
  const box = {
    x,
    y,
    width: Math.min(f.width, Math.ceil((flow.x + flow.width) * zoom + tx + OVERLAY_PAD)) - x,
    height: Math.min(f.height, Math.ceil((flow.y + flow.height) * zoom + ty + OVERLAY_PAD)) - y,
  };
  return box.width > 0 && box.height > 0 && overlaps(box, { x: 0, y: 0, ...f }) ? box : null;
}

function fit(canvas: HTMLCanvasElement, width: number, height: number) {
  const [w, h] = [Math.round(width), Math.round(height)];
  if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
}

/** The canvases the painter paints: the layer, the drag's overlay and the minimap. */
export interface PainterCanvases {
  /** The layer, on the page: the view and the margin around it, moved by a CSS transform. */
  readonly layer: HTMLCanvasElement;
  /** Over the layer, around the nodes a drag moves (placed and sized as it paints). */
  readonly overlay: HTMLCanvasElement;
  readonly mini: HTMLCanvasElement;
}

export function createPainter({ layer, overlay, mini }: PainterCanvases): Painter {
  const layerCtx = layer.getContext('2d');
  const overlayCtx = overlay.getContext('2d');
  const miniCtx = mini.getContext('2d');
  let layerKey: readonly unknown[] = [];
  let layerAt: readonly [number, number] = [0, 0];
  let shift = '';
  let overlayUsed = false;
  let miniKey: readonly unknown[] = [];
  let frameShown: MiniFrame | null = null;

  const paintLayer = (f: PaintFrame) => {
    const [tx, ty, zoom] = f.transform;
    const key = [f.stillVersion, f.look, f.focused, zoom, f.dpr, f.palette, f.width, f.height];
    const inMargin =
      Math.abs(tx - layerAt[0]) <= LAYER_MARGIN && Math.abs(ty - layerAt[1]) <= LAYER_MARGIN;
    if (!layerCtx || (same(key, layerKey) && inMargin)) return;
    const [width, height] = [f.width + 2 * LAYER_MARGIN, f.height + 2 * LAYER_MARGIN];
    fit(layer, width * f.dpr, height * f.dpr);
    Object.assign(layer.style, {
      left: `${-LAYER_MARGIN}px`,
      top: `${-LAYER_MARGIN}px`,
      width: `${width}px`,
      height: `${height}px`,
    });
    drawScene(layerCtx, {
      scene: f.still,
      look: f.look,
      focused: f.focused,
      transform: [tx + LAYER_MARGIN, ty + LAYER_MARGIN, zoom],
      width,
      height,
      dpr: f.dpr,
      palette: f.palette,
    });
    layerKey = key;
    layerAt = [tx, ty];
  };

  /** Moves the layer with the view, by whole device pixels (a fraction would blur the names). */
  const placeLayer = (f: PaintFrame) => {
    const px = (d: number) => Math.round(d * f.dpr) / f.dpr;
    const next = `translate(${px(f.transform[0] - layerAt[0])}px, ${px(f.transform[1] - layerAt[1])}px)`;
    if (next !== shift) layer.style.transform = shift = next;
  };

  /** The nodes a drag moves, on an overlay placed over them: clears and sends few pixels. */
  const paintOverlay = (f: PaintFrame) => {
    if (!overlayCtx) return;
    const moving = f.moving;
    const box = moving ? screenBounds(moving, f) : null;
    if (!moving || !box) {
      if (overlayUsed) overlay.style.display = 'none';
      overlayUsed = false;
      return;
    }
    fit(overlay, box.width * f.dpr, box.height * f.dpr);
    Object.assign(overlay.style, {
      display: 'block',
      width: `${box.width}px`,
      height: `${box.height}px`,
      transform: `translate(${box.x}px, ${box.y}px)`,
    });
    const [tx, ty, zoom] = f.transform;
    drawScene(overlayCtx, {
      ...f,
      scene: moving,
      transform: [tx - box.x, ty - box.y, zoom],
      width: box.width,
      height: box.height,
    });
    overlayUsed = true;
  };

  const paintMiniMap = (f: PaintFrame) => {
    const view = visibleRect(f.transform, f.width, f.height);
    const key = [f.scene, f.palette, f.dpr, view.x, view.y, view.width, view.height];
    if (!miniCtx || same(key, miniKey)) return;
    miniKey = key;
    fit(mini, MINIMAP_SIZE.width * f.dpr, MINIMAP_SIZE.height * f.dpr);
    frameShown = miniFrame(sceneBounds(f.scene), view);
    drawMiniMap(miniCtx, {
      scene: f.scene,
      frame: frameShown,
      view,
      dpr: f.dpr,
      palette: f.palette,
    });
  };

  return {
    paint(f) {
      paintLayer(f);
      placeLayer(f);
      paintOverlay(f);
      paintMiniMap(f);
    },
    miniFrame: () => frameShown,
  };
}
