/**
 * Puts the far-level scene on the screen cheaply. What stays still is painted once into a layer
 * that covers the view and a margin around it; a pan that stays within the margin only copies
 * the layer at its new offset (one image, instead of a path per colour over every node and
 * every name again), and a drag paints only the nodes it moves, with their edges, over it. The
 * layer is painted again when what it shows changes, the zoom changes or a pan leaves the margin.
 */
import { drawMiniMap } from './draw-minimap';
import { drawScene } from './draw';
import { visibleRect, type Transform } from './geometry';
import { MINIMAP_SIZE, miniFrame, sceneBounds, type MiniFrame } from './minimap';
import type { Palette } from './palette';
import type { LiveLook, Scene } from './scene';

/** CSS pixels of the layer beyond each side of the view. */
export const LAYER_MARGIN = 300;

export interface PaintFrame {
  /** What a drag leaves in place, and a value that changes whenever that does. */
  readonly still: Scene;
  readonly stillVersion: number;
  /** The nodes a drag moves, with their edges (drawn over the layer each frame). */
  readonly moving: Scene | null;
  /** The whole scene, for the minimap. */
  readonly scene: Scene;
  readonly look: LiveLook;
  readonly transform: Transform;
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly palette: Palette;
}

export interface Painter {
  paint(frame: PaintFrame): void;
  /** The flow rect the minimap shows now (for its pointer). */
  miniFrame(): MiniFrame | null;
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function fit(canvas: HTMLCanvasElement, width: number, height: number) {
  const [w, h] = [Math.round(width), Math.round(height)];
  if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
}

export function createPainter(canvas: HTMLCanvasElement, mini: HTMLCanvasElement): Painter {
  const ctx = canvas.getContext('2d');
  const miniCtx = mini.getContext('2d');
  const layer = document.createElement('canvas');
  const layerCtx = layer.getContext('2d');
  let layerKey: readonly unknown[] = [];
  let layerAt: readonly [number, number] = [0, 0];
  let miniKey: readonly unknown[] = [];
  let frameShown: MiniFrame | null = null;

  const paintLayer = (f: PaintFrame) => {
    const [tx, ty, zoom] = f.transform;
    const key = [f.stillVersion, f.look, zoom, f.dpr, f.palette, f.width, f.height];
    const inMargin =
      Math.abs(tx - layerAt[0]) <= LAYER_MARGIN && Math.abs(ty - layerAt[1]) <= LAYER_MARGIN;
    if (!layerCtx || (same(key, layerKey) && inMargin)) return;
    const [width, height] = [f.width + 2 * LAYER_MARGIN, f.height + 2 * LAYER_MARGIN];
    fit(layer, width * f.dpr, height * f.dpr);
    drawScene(layerCtx, {
      scene: f.still,
      look: f.look,
      transform: [tx + LAYER_MARGIN, ty + LAYER_MARGIN, zoom],
      width,
      height,
      dpr: f.dpr,
      palette: f.palette,
    });
    layerKey = key;
    layerAt = [tx, ty];
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
      if (!ctx) return;
      fit(canvas, f.width * f.dpr, f.height * f.dpr);
      paintLayer(f);
      const [tx, ty] = f.transform;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      // Whole device pixels: a copy at a fraction of a pixel would blur every name.
      ctx.drawImage(
        layer,
        Math.round((tx - layerAt[0] - LAYER_MARGIN) * f.dpr),
        Math.round((ty - layerAt[1] - LAYER_MARGIN) * f.dpr),
      );
      if (f.moving) drawScene(ctx, { ...f, scene: f.moving }, false);
      paintMiniMap(f);
    },
    miniFrame: () => frameShown,
  };
}
