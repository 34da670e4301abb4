/**
 * The far-level canvas at work, outside React: it paints the scene at most once an animation
 * frame, and only when the viewport, the graph, the problems, the theme or what a node's live
 * state looks like changed; and it takes presses on nodes from React Flow (pan stays React
 * Flow's, on the empty pane). `startFarView` returns its handle; `stop()` undoes everything.
 */
import type { NodeChange } from '@xyflow/react';
import type { LiveNode } from '../../trpc';
import { COMPACT_BELOW_ZOOM, type DagDoc, type FlowEdge, type FlowNode } from '../model';
import { nodeSummary } from '../node-text';
import { onPublishButton } from './draw-near';
import { DIRECTIONS, firstNode, nextNode } from './keyboard';
import { contains, toFlow, visibleRect, type Point, type Rect, type Transform } from './geometry';
import { miniToFlow } from './minimap';
import { createPainter, type PainterCanvases } from './painter';
import { createGestures, onlyMoved } from './gestures';
import type { Palette } from './palette';
import {
  buildScene,
  liveLook,
  nodeAt,
  sameLook,
  shiftScene,
  splitScene,
  viewStats,
  type LiveLook,
  type Scene,
  type SceneNode,
} from './scene';

type Subscribe = (listener: () => void) => () => void;

/** Where the far view reads from and writes to: the designer's, problems', live and flow stores. */
export interface FarSources {
  graph(): {
    readonly doc: DagDoc;
    readonly nodes: readonly FlowNode[];
    readonly edges: readonly FlowEdge[];
  };
  problems(): Readonly<Record<string, readonly unknown[]>>;
  /** The nodes' latest live details, and the figures shown (refreshed once a second). */
  live(): Readonly<Record<string, LiveNode>>;
  figures(): Readonly<Record<string, LiveNode>>;
  viewport(): { readonly transform: Transform; readonly width: number; readonly height: number };
  /** React Flow's selection box (Shift and drag on the pane) while one is drawn: pane pixels. */
  selectionBox(): Rect | null;
  /** Calls the listener when what the function of the same name returns changed. */
  on: Readonly<Record<'graph' | 'problems' | 'live' | 'viewport' | 'selectionBox', Subscribe>>;
  /** Moves the view (the minimap centres it where it is pressed). */
  setViewport(transform: Transform): void;
  /** Zooms about the pane's centre (the wheel on the minimap). */
  zoomTo(zoom: number): void;
  selectOnly(id: string): void;
  applyChanges(changes: NodeChange<FlowNode>[]): void;
  checkpoint(): void;
}

export interface FarOptions {
  readonly live: boolean;
  readonly editable: boolean;
  readonly palette: Palette;
  /** Opens the publish dialog of a subscription node: near by, its button is on the canvas. */
  readonly onPublish?: ((node: string) => void) | undefined;
}

export interface FarView {
  update(options: FarOptions): void;
  stop(): void;
}

/** Elements of the flow whose presses are theirs, not the canvas's. */
const NOT_OURS =
  '.react-flow__panel, .react-flow__node, .react-flow__edge, .react-flow__nodesselection';
/** Set on the flow's wrapper while the pointer is over a node of the canvas. */
export const HOVER_CLASS = 'far-canvas--over-node';

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
  // The node the arrow keys are on, ringed while the canvas has the keyboard's focus.
  let focused: string | null = null;
  let keysFocused = false;
  const keyFocus = () => (keysFocused ? focused : null);
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
      keyFocus(),
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
      focused: keyFocus(),
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
  const panePoint = (e: MouseEvent): Point => {
    const box = wrapper.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const onPane = (e: Event) => e.target instanceof Element && !e.target.closest(NOT_OURS);
  const nodeUnder = (e: MouseEvent) =>
    nodeAt(currentScene(), toFlow(panePoint(e), sources.viewport().transform));

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
      options.onPublish?.(button.id);
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
    if (!options.onPublish || transform[2] < COMPACT_BELOW_ZOOM || !onPane(e)) return undefined;
    const point = toFlow(panePoint(e), transform);
    const node = nodeAt(currentScene(), point);
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
    setTooltip(node ? summaryOf(node) : '');
  };
  const summaryOf = (node: SceneNode) =>
    nodeSummary(
      node.id,
      node.kind,
      node.subtitle,
      options.live ? sources.live()[node.id] : undefined,
    );
  // The keyboard: Tab onto the canvas, the arrow keys go from node to node (the view follows),
  // Enter or Space selects the node (it opens in the inspector or the property panel).
  const focusedNode = () => currentScene().nodes.find((n) => n.id === focused);
  const say = (text: string) => {
    announce.textContent = text;
  };
  const reveal = (node: SceneNode) => {
    const { transform, width, height } = sources.viewport();
    const view = visibleRect(transform, width, height);
    const [x, y, w, h] = [node.rect.x, node.rect.y, node.rect.width, node.rect.height];
    if (contains(view, { x, y }) && contains(view, { x: x + w, y: y + h })) return;
    const zoom = transform[2];
    sources.setViewport([width / 2 - (x + w / 2) * zoom, height / 2 - (y + h / 2) * zoom, zoom]);
  };
  const focusOn = (node: SceneNode | undefined) => {
    focused = node?.id ?? null;
    if (node) {
      reveal(node);
      say(summaryOf(node));
    } else say('No nodes.');
    schedule();
  };
  const onKeysFocus = () => {
    keysFocused = true;
    const { transform, width, height } = sources.viewport();
    focusOn(focusedNode() ?? firstNode(currentScene(), visibleRect(transform, width, height)));
  };
  const onKeysBlur = () => {
    keysFocused = false;
    schedule();
  };
  const onKey = (e: KeyboardEvent) => {
    const direction = DIRECTIONS[e.key];
    const node = focusedNode();
    if (direction) {
      e.preventDefault();
      e.stopPropagation();
      if (!node) onKeysFocus();
      else {
        const next = nextNode(currentScene(), node, direction);
        if (next) focusOn(next);
      }
    } else if ((e.key === 'Enter' || e.key === ' ') && node) {
      e.preventDefault();
      e.stopPropagation();
      sources.selectOnly(node.id);
      say(`${node.id} selected.`);
    }
  };
  keys.addEventListener('focus', onKeysFocus);
  keys.addEventListener('blur', onKeysBlur);
  keys.addEventListener('keydown', onKey);
  // The minimap: pressed or dragged, it centres the view where the pointer is; the wheel zooms.
  const centreAt = (e: PointerEvent) => {
    const shown = painter.miniFrame();
    if (!shown) return;
    const box = mini.getBoundingClientRect();
    const at = miniToFlow({ x: e.clientX - box.left, y: e.clientY - box.top }, shown);
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
  wrapper.addEventListener('pointerdown', onDown, true);
  wrapper.addEventListener('click', onClick, true);
  wrapper.addEventListener('dblclick', onDoubleClick, true);
  wrapper.addEventListener('pointermove', onHover, { passive: true });
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
      keys.removeEventListener('focus', onKeysFocus);
      keys.removeEventListener('blur', onKeysBlur);
      keys.removeEventListener('keydown', onKey);
      mini.removeEventListener('pointerdown', onMiniDown);
      mini.removeEventListener('pointermove', onMiniMove);
      mini.removeEventListener('wheel', onMiniWheel);
      wrapper.removeEventListener('pointerdown', onDown, true);
      wrapper.removeEventListener('click', onClick, true);
      wrapper.removeEventListener('dblclick', onDoubleClick, true);
      wrapper.removeEventListener('pointermove', onHover);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      wrapper.classList.remove(HOVER_CLASS);
      setTooltip('');
    },
  };
}
