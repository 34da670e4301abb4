/**
 * Click and drag on the far-level canvas, free of React and of the DOM. A press on a node is the
 * canvas's own (the caller keeps it from React Flow's pan); a press elsewhere is left to React
 * Flow. Like a React Flow node: a press selects the node (a modifier key toggles it instead, on
 * release), a drag moves it, with the other selected nodes if it is selected. While the pointer
 * moves, only the canvas shows the nodes moving (`offset()`, and `preview()` to paint it): the
 * designer's store gets their new positions once, on the drop, as position changes through its
 * `onNodesChange`, after one undo checkpoint when the canvas is editable. A move that went to the
 * store would make a new list of every node, and the store's every reader would look at it.
 */
import type { NodeChange, XYPosition } from '@xyflow/react';
import type { FlowNode } from '../designer/model';
import { toFlow, type Point, type Transform } from './geometry';
import { nodeAt, type Scene } from './scene';

/** Screen pixels the pointer moves before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 3;

export interface GestureHost {
  scene(): Scene;
  transform(): Transform;
  nodes(): readonly FlowNode[];
  /** A drag makes an undo step (the designer); else it only moves (the live view). */
  editable: boolean;
  /** Selects only this node (and no edge). */
  selectOnly(id: string): void;
  applyChanges(changes: NodeChange<FlowNode>[]): void;
  checkpoint(): void;
  /** The drag moved: `offset()` changed. */
  preview(): void;
}

export interface Modifiers {
  /** Ctrl, Meta or Shift: add to or take from the selection, as React Flow's multi-selection. */
  readonly multi: boolean;
}

interface Press {
  readonly id: string;
  readonly at: Point;
  readonly multi: boolean;
  /** The nodes a drag moves and where each started; set once the press became a drag. */
  drag: Map<string, XYPosition> | null;
  /** The keys of `drag`. */
  moving: ReadonlySet<string> | null;
  /** How far the drag has moved them (flow pixels). */
  offset: XYPosition;
}

export interface Gestures {
  /** A press at `pane` (pixels from the pane's top left): true when it is on a node, now ours. */
  down(pane: Point, modifiers: Modifiers): boolean;
  move(pane: Point): void;
  /** The press ends; true when it was a drag (the click that follows is ours too). */
  up(pane: Point): boolean;
  /** Whether a press is ours now. */
  active(): boolean;
  /** The nodes a drag moves, while it does. */
  moving(): ReadonlySet<string> | null;
  /** How far the drag has moved them so far (flow pixels), while it does. */
  offset(): XYPosition | null;
}

export function createGestures(host: GestureHost): Gestures {
  let press: Press | null = null;

  const offsetTo = (current: Press, pane: Point): XYPosition => {
    const zoom = host.transform()[2];
    return { x: (pane.x - current.at.x) / zoom, y: (pane.y - current.at.y) / zoom };
  };

  const positionChanges = (current: Press): NodeChange<FlowNode>[] => {
    if (!current.drag) return [];
    const { x: dx, y: dy } = current.offset;
    return [...current.drag].map(([id, start]) => ({
      type: 'position',
      id,
      position: { x: start.x + dx, y: start.y + dy },
      dragging: false,
    }));
  };

  const startDrag = (current: Press) => {
    const nodes = host.nodes();
    const grabbed = nodes.find((n) => n.id === current.id);
    const moving = grabbed?.selected ? nodes.filter((n) => n.selected) : grabbed ? [grabbed] : [];
    current.drag = new Map(moving.map((n) => [n.id, { ...n.position }]));
    current.moving = new Set(current.drag.keys());
    if (host.editable) host.checkpoint();
  };

  return {
    down(pane, { multi }) {
      const node = nodeAt(host.scene(), toFlow(pane, host.transform()));
      if (!node) return false;
      press = { id: node.id, at: pane, multi, drag: null, moving: null, offset: { x: 0, y: 0 } };
      if (!multi && !node.selected) host.selectOnly(node.id);
      return true;
    },
    move(pane) {
      const current = press;
      if (!current) return;
      if (!current.drag) {
        const far = Math.hypot(pane.x - current.at.x, pane.y - current.at.y);
        if (far < DRAG_THRESHOLD_PX) return;
        startDrag(current);
      }
      current.offset = offsetTo(current, pane);
      host.preview();
    },
    up(pane) {
      const current = press;
      if (!current) return false;
      const dragged = current.drag !== null;
      if (dragged) {
        current.offset = offsetTo(current, pane);
        host.applyChanges(positionChanges(current));
      } else if (current.multi) {
        const selected = host.nodes().find((n) => n.id === current.id)?.selected === true;
        host.applyChanges([{ type: 'select', id: current.id, selected: !selected }]);
      }
      press = null;
      return dragged;
    },
    active: () => press !== null,
    moving: () => press?.moving ?? null,
    offset: () => (press?.drag ? press.offset : null),
  };
}

/** Whether `next` differs from `previous` only in nodes of `moving` (a drag's doing). */
export function onlyMoved(
  previous: readonly FlowNode[],
  next: readonly FlowNode[],
  moving: ReadonlySet<string> | null,
): boolean {
  if (previous === next) return true;
  if (!moving || previous.length !== next.length) return false;
  return next.every((n, i) => n === previous[i] || (moving.has(n.id) && previous[i]?.id === n.id));
}
