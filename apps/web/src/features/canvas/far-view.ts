/**
 * The far-level canvas at work, outside React: it paints the scene at most once an animation
 * frame, and only when the viewport, the graph, the problems, the theme or what a node's live
 * state looks like changed; and it takes presses on nodes from React Flow (pan stays React
 * Flow's, on the empty pane). `startFarView` returns its handle; `stop()` undoes everything.
 */
import type { NodeChange } from '@xyflow/react';
import { COMPACT_BELOW_ZOOM, type FlowNode } from '../designer/model';
import { nodeSummary } from '../designer/node-text';
import { attachKeys } from './far-keys';
import { attachMinimap } from './far-minimap';
import { attachPointer } from './far-pointer';
import type { FarOptions, FarSources, FarSurface } from './far-surface';
import { toFlow, visibleRect, type Rect } from './geometry';
import { createGestures, onlyMoved } from './gestures';
import { createPainter, type PainterCanvases } from './painter';
import {
  buildScene,
  liveLook,
  sameLook,
  shiftScene,
  splitScene,
  viewStats,
  type LiveLook,
  type Scene,
} from './scene';

export type { FarOptions, FarSources } from './far-surface';

export interface FarView {
  update(options: FarOptions): void;
  stop(): void;
}

/**
 * Starts the far view on `canvases`: the view itself (scene, painting, the stores it follows,
 * React Flow's selection box) here; its input surfaces apart, as xyflow splits its own: the
 * pointer on the pane (far-pointer.ts), the keyboard (far-keys.ts), the minimap (far-minimap.ts).
 */
export function startFarView(
  canvases: PainterCanvases & {
    readonly wrapper: HTMLElement;
    /** Takes the keyboard's focus for the canvas (Tab), and says where the keys are (aria-live). */
    readonly keys: HTMLElement;
    readonly announce: HTMLElement;
  },
  sources: FarSources,
  initial: FarOptions,
): FarView {
  const { layer: canvas, mini, wrapper, keys, announce } = canvases;
  const painter = createPainter(canvases);
  let options = initial;
  let scene: Scene | null = null;
  let look: LiveLook = new Map();
  let lookStale = true;
  // Near by a node's look holds its live line (its text): far away only its status.
  let lookNear = false;
  let frame: number | undefined;
  let painted: readonly unknown[] = [];
  let stats = { nodes: -1, live: -1 };
  // What the painter's layer holds changes with `stillVersion`: not while a drag moves nodes.
  let stillVersion = 0;
  let seen = sources.graph();
  let splitFor: ReadonlySet<string> | null = null;
  // The scene apart from what a drag moves, and what it moves, for that scene and those nodes.
  let split: {
    of: Scene;
    moving: ReadonlySet<string>;
    parts: ReturnType<typeof splitScene>;
  } | null = null;
  const splitOf = (current: Scene, moving: ReadonlySet<string>) => {
    if (split?.of !== current || split.moving !== moving)
      split = { of: current, moving, parts: splitScene(current, moving) };
    return split.parts;
  };

  const currentScene = () => {
    if (!scene) {
      const { doc, nodes, edges } = sources.graph();
      scene = buildScene({
        nodes,
        edges,
        doc,
        live: options.live,
        publish: options.onPublish !== undefined,
        problems: sources.problems(),
      });
      lookStale = true;
    }
    return scene;
  };

  const paint = () => {
    frame = undefined;
    const current = currentScene();
    const { transform, width, height } = sources.viewport();
    const near = transform[2] >= COMPACT_BELOW_ZOOM;
    if (lookStale || near !== lookNear) {
      lookNear = near;
      const next = liveLook(current, sources.live(), near ? sources.figures() : undefined);
      if (!sameLook(next, look)) look = next;
      lookStale = false;
    }
    const moving = gestures.moving();
    const offset = gestures.offset();
    if (moving !== splitFor) [splitFor, stillVersion] = [moving, stillVersion + 1];
    if (!moving) split = null;
    const dpr = window.devicePixelRatio || 1;
    const inputs: readonly unknown[] = [
      current,
      look,
      transform,
      width,
      height,
      dpr,
      options.palette,
      stillVersion,
      offset,
      keyboard.focused(),
    ];
    if (inputs.length === painted.length && inputs.every((x, i) => x === painted[i])) return;
    painted = inputs;
    let parts: { still: Scene; moving: Scene | null } = { still: current, moving: null };
    if (moving) {
      const { still, moving: picked } = splitOf(current, moving);
      parts = { still, moving: offset ? shiftScene(picked, moving, offset) : picked };
    }
    const { palette } = options;
    painter.paint({
      ...parts,
      focused: keyboard.focused(),
      stillVersion,
      // The minimap shows the nodes a drag moves where they are now, as the view does.
      scene: parts.moving
        ? { ...current, nodes: [...parts.still.nodes, ...parts.moving.nodes] }
        : current,
      look,
      transform,
      width,
      height,
      dpr,
      palette,
    });
    // For the benchmark and tests: what the view shows (set only when it changes).
    const next = viewStats(current, look, visibleRect(transform, width, height));
    if (next.nodes !== stats.nodes) canvas.dataset.nodes = String(next.nodes);
    if (next.live !== stats.live) canvas.dataset.live = String(next.live);
    stats = next;
  };
  const schedule = () => {
    frame ??= requestAnimationFrame(paint);
  };
  const onGraph = () => {
    const next = sources.graph();
    if (
      next.edges !== seen.edges ||
      next.doc !== seen.doc ||
      !onlyMoved(seen.nodes, next.nodes, gestures.moving())
    )
      stillVersion++;
    seen = next;
    scene = null;
    schedule();
  };
  const onProblems = () => {
    stillVersion++;
    scene = null;
    schedule();
  };
  const onLive = () => {
    lookStale = true;
    schedule();
  };
  // A selection box selects the nodes wholly inside it, as React Flow does with its own nodes (it
  // sees none of the canvas's: they are hidden from it).
  const onSelectionBox = () => {
    const box = sources.selectionBox();
    if (!box) return;
    const transform = sources.viewport().transform;
    const from = toFlow(box, transform);
    const to = toFlow({ x: box.x + box.width, y: box.y + box.height }, transform);
    const inside = (r: Rect) =>
      r.x >= from.x && r.y >= from.y && r.x + r.width <= to.x && r.y + r.height <= to.y;
    const changes: NodeChange<FlowNode>[] = [];
    for (const n of currentScene().nodes) {
      const selected = inside(n.rect);
      if (selected !== n.selected) changes.push({ type: 'select', id: n.id, selected });
    }
    if (changes.length) sources.applyChanges(changes);
  };
  const unsubscribe = [
    sources.on.selectionBox(onSelectionBox),
    sources.on.graph(onGraph),
    sources.on.problems(onProblems),
    sources.on.live(onLive),
    sources.on.viewport(schedule),
  ];

  const gestures = createGestures({
    scene: currentScene,
    transform: () => sources.viewport().transform,
    nodes: () => sources.graph().nodes,
    get editable() {
      return options.editable;
    },
    selectOnly: sources.selectOnly,
    applyChanges: sources.applyChanges,
    checkpoint: sources.checkpoint,
    preview: () => schedule(),
  });
  const surface: FarSurface = {
    sources,
    options: () => options,
    scene: currentScene,
    schedule,
    summaryOf: (node) =>
      nodeSummary(
        node.id,
        node.kind,
        // What it is (`Addition`), or where a subscriber or publisher reads or writes.
        node.label.toLowerCase() === node.kind ? node.subtitle : node.label,
        options.live ? sources.live()[node.id] : undefined,
      ),
  };
  const keyboard = attachKeys(keys, announce, surface);
  const stopMinimap = attachMinimap(mini, sources, () => painter.miniFrame());
  const stopPointer = attachPointer(wrapper, surface, gestures);
  schedule();

  return {
    update(next) {
      const publish = (o: FarOptions) => o.onPublish !== undefined;
      if (next.live !== options.live || publish(next) !== publish(options))
        [scene, stillVersion] = [null, stillVersion + 1];
      options = next;
      schedule();
    },
    stop() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      for (const off of unsubscribe) off();
      keyboard.stop();
      stopMinimap();
      stopPointer();
    },
  };
}
