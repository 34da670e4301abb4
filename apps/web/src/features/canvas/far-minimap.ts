/**
 * The minimap's input: pressed or dragged, it centres the view where the pointer is; the wheel
 * zooms about the pane's centre.
 */
import type { FarSources } from './far-surface';
import { miniToFlow, type MiniFrame } from './minimap';

/** Takes the pointer and wheel on `mini`, whose drawing `shown()` says; returns the undo. */
export function attachMinimap(
  mini: HTMLCanvasElement,
  sources: FarSources,
  shown: () => MiniFrame | null,
): () => void {
  const centreAt = (e: PointerEvent) => {
    const frame = shown();
    if (!frame) return;
    const box = mini.getBoundingClientRect();
    const at = miniToFlow({ x: e.clientX - box.left, y: e.clientY - box.top }, frame);
    const { transform, width, height } = sources.viewport();
    const zoom = transform[2];
    sources.setViewport([width / 2 - at.x * zoom, height / 2 - at.y * zoom, zoom]);
  };
  const onMiniDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    mini.setPointerCapture(e.pointerId);
    centreAt(e);
  };
  const onMiniMove = (e: PointerEvent) => {
    if (mini.hasPointerCapture(e.pointerId)) centreAt(e);
  };
  const onMiniWheel = (e: WheelEvent) => {
    e.preventDefault();
    sources.zoomTo(sources.viewport().transform[2] * 2 ** (-e.deltaY * 0.002));
  };
  mini.addEventListener('pointerdown', onMiniDown);
  mini.addEventListener('pointermove', onMiniMove);
  mini.addEventListener('wheel', onMiniWheel, { passive: false });
  return () => {
    mini.removeEventListener('pointerdown', onMiniDown);
    mini.removeEventListener('pointermove', onMiniMove);
    mini.removeEventListener('wheel', onMiniWheel);
  };
}
