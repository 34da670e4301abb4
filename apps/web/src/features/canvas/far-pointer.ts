/**
 * The pointer on the far view's pane: presses and drags on nodes (gestures.ts), the publish
 * button of a node near by, and the tooltip over a node. Presses elsewhere stay React Flow's
 * (pan on the empty pane, its panels and DOM nodes).
 */
import { COMPACT_BELOW_ZOOM } from '../designer/model';
import { onPublishButton } from './draw-near';
import { toFlow, type Point } from './geometry';
import type { Gestures } from './gestures';
import type { FarSurface } from './far-surface';
import { nodeAt } from './scene';

/** Elements of the flow whose presses are theirs, not the canvas's. */
const NOT_OURS =
  '.react-flow__panel, .react-flow__node, .react-flow__edge, .react-flow__nodesselection';
/** Set on the flow's wrapper while the pointer is over a node of the canvas. */
export const HOVER_CLASS = 'far-canvas--over-node';

/** Takes the pointer on `wrapper` (the flow's) for the canvas's nodes; returns the undo. */
export function attachPointer(
  wrapper: HTMLElement,
  surface: FarSurface,
  gestures: Gestures,
): () => void {
  const { sources } = surface;
  const panePoint = (e: MouseEvent): Point => {
    const box = wrapper.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const onPane = (e: Event) => e.target instanceof Element && !e.target.closest(NOT_OURS);
  const nodeUnder = (e: MouseEvent) =>
    nodeAt(surface.scene(), toFlow(panePoint(e), sources.viewport().transform));

  let pointerId: number | null = null;
  let swallowClick = false;
  const onMove = (e: PointerEvent) => {
    if (e.pointerId === pointerId) gestures.move(panePoint(e));
  };
  const onUp = (e: PointerEvent) => {
    if (e.pointerId !== pointerId) return;
    gestures.up(panePoint(e));
    pointerId = null;
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onUp);
  };
  const onDown = (e: PointerEvent) => {
    swallowClick = false;
    if (e.button !== 0 || pointerId !== null || !onPane(e)) return;
    const button = publishUnder(e);
    if (button) {
      // As the DOM node's button: it opens the dialog and neither selects nor drags the node.
      e.stopPropagation();
      e.preventDefault();
      swallowClick = true;
      surface.options().onPublish?.(button.id);
      return;
    }
    const multi = e.ctrlKey || e.metaKey || e.shiftKey;
    if (!gestures.down(panePoint(e), { multi })) return;
    // The press is the node's: React Flow neither pans (no mouse events follow a prevented
    // pointerdown) nor clears the selection with a pane click.
    e.stopPropagation();
    e.preventDefault();
    // As a press on a DOM node does: a field being edited gives up the focus (and the keys).
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    swallowClick = true;
    pointerId = e.pointerId;
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
  };
  const onClick = (e: MouseEvent) => {
    if (!swallowClick) return;
    swallowClick = false;
    e.stopPropagation();
  };
  const onDoubleClick = (e: MouseEvent) => {
    if (onPane(e) && nodeUnder(e)) e.stopPropagation();
  };
  /** The node whose publish button is under the pointer, near by in the live view. */
  const publishUnder = (e: MouseEvent) => {
    const { transform } = sources.viewport();
    if (!surface.options().onPublish || transform[2] < COMPACT_BELOW_ZOOM || !onPane(e))
      return undefined;
    const point = toFlow(panePoint(e), transform);
    const node = nodeAt(surface.scene(), point);
    return node && onPublishButton(node, point) ? node : undefined;
  };
  // Over a node, the pane's tooltip says what it is and does (a DOM node's titles, in words).
  let tooltip = '';
  const setTooltip = (text: string) => {
    if (text === tooltip) return;
    tooltip = text;
    if (text) wrapper.title = text;
    else wrapper.removeAttribute('title');
  };
  const onHover = (e: PointerEvent) => {
    if (pointerId !== null) return;
    const node = onPane(e) ? nodeUnder(e) : undefined;
    wrapper.classList.toggle(HOVER_CLASS, node !== undefined);
    setTooltip(node ? surface.summaryOf(node) : '');
  };

  wrapper.addEventListener('pointerdown', onDown, true);
  wrapper.addEventListener('click', onClick, true);
  wrapper.addEventListener('dblclick', onDoubleClick, true);
  wrapper.addEventListener('pointermove', onHover, { passive: true });
  return () => {
    wrapper.removeEventListener('pointerdown', onDown, true);
    wrapper.removeEventListener('click', onClick, true);
    wrapper.removeEventListener('dblclick', onDoubleClick, true);
    wrapper.removeEventListener('pointermove', onHover);
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onUp);
    wrapper.classList.remove(HOVER_CLASS);
    setTooltip('');
  };
}
