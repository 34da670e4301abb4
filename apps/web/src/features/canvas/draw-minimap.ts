/**
 * Paints the far level's minimap as React Flow's MiniMap looks: each node a rounded rect in its
 * kind's colour, and outside the view a mask.
 */
import type { Kind } from '../../theme';
import type { Rect } from './geometry';
import type { MiniFrame } from './minimap';
import type { Palette } from './palette';
import { fillWith, pathOf } from './paths';
import type { Scene } from './scene';

export function drawMiniMap(
  ctx: CanvasRenderingContext2D,
  {
    scene,
    frame,
    view,
    dpr,
    palette,
  }: {
    scene: Scene;
    frame: MiniFrame;
    view: Rect;
    dpr: number;
    palette: Palette;
  },
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const s = frame.scale * dpr;
  ctx.setTransform(s, 0, 0, s, -frame.x * s, -frame.y * s);
  const byKind = new Map<Kind, Path2D>();
  for (const n of scene.nodes) {
    // React Flow rounds them by 5 flow pixels: a tenth of a minimap pixel, so square here.
    pathOf(byKind, n.kind).rect(n.rect.x, n.rect.y, n.rect.width, n.rect.height);
  }
  for (const [kind, path] of byKind) fillWith(ctx, path, palette.miniKinds[kind]);
  const mask = new Path2D();
  mask.rect(frame.x, frame.y, frame.width, frame.height);
  mask.rect(view.x, view.y, view.width, view.height);
  ctx.fillStyle = palette.mask;
  ctx.fill(mask, 'evenodd');
}
