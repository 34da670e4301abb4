/**
 * What the far-level canvas draws, built from the designer's nodes and edges, the problems and
 * the live state, free of React and of the DOM: every node's box in draw order (selected ones on
 * top, as React Flow raises them), every edge's curve, and each node's live status.
 */
import type { Kind } from '../../theme';
import type { LiveNode } from '../../trpc';
import { kindOfNode } from '../designer/kinds';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  type DagDoc,
  type FlowEdge,
  type FlowNode,
} from '../designer/model';
import {
  headLabel,
  liveLine,
  sameLiveLine,
  subtitle,
  type LiveLineText,
} from '../designer/node-text';
import { typeLabel } from '../designer/type-label';
import {
  contains,
  curveBetween,
  curveBounds,
  edgeCurve,
  overlaps,
  type Curve,
  type Point,
  type Rect,
} from './geometry';

export interface SceneNode {
  readonly id: string;
  readonly kind: Kind;
  readonly rect: Rect;
  readonly selected: boolean;
  /** How many validation problems the node has (a red border, and a badge near by). */
  readonly problems: number;
  /** Under the name, near by: the component (node-text.ts `subtitle`). */
  readonly subtitle: string;
  /** In the head, near by: what the node is (node-text.ts `headLabel`: `Addition`). */
  readonly label: string;
  /** Near by, the node has a publish button (a subscriber, in the live view of an admin). */
  readonly publish: boolean;
}

export interface SceneEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly curve: Curve;
  readonly bounds: Rect;
  readonly selected: boolean;
}

export interface Scene {
  /** Bottom first: a node drawn later covers one drawn before. */
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  /** The live view draws each node's status dot and its edges' data flowing. */
  readonly live: boolean;
}

export interface SceneInput {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly live: boolean;
  /** The nodes with problems (names), from the problems store. */
  readonly problems: Readonly<Record<string, readonly unknown[]>>;
  /** The components, for the subtitles; none, no subtitles. */
  readonly doc?: DagDoc | undefined;
  /** Subscribers get a publish button (the live view, for a role that may publish). */
  readonly publish?: boolean | undefined;
}

export function buildScene({ nodes, edges, live, problems, doc, publish }: SceneInput): Scene {
  const height = live ? NODE_HEIGHT.live : NODE_HEIGHT.design;
  const rects = new Map<string, Rect>();
  const below: SceneNode[] = [];
  const above: SceneNode[] = [];
  for (const n of nodes) {
    const rect = { x: n.position.x, y: n.position.y, width: NODE_WIDTH, height };
    rects.set(n.id, rect);
    const node: SceneNode = {
      id: n.id,
      kind: kindOfNode(n.data.spec),
      rect,
      selected: n.selected === true,
      problems: problems[n.id]?.length ?? 0,
      subtitle: doc ? subtitle(n.data.spec, doc) : '',
      label: doc ? headLabel(n.data.spec, doc).label : typeLabel(n.data.spec.type),
      publish: live && publish === true && n.data.spec.type === 'SubscriptionNode',
    };
    (node.selected ? above : below).push(node);
  }
  const sceneEdges: SceneEdge[] = [];
  for (const e of edges) {
    const source = rects.get(e.source);
    const target = rects.get(e.target);
    if (!source || !target) continue;
    const curve = edgeCurve(source, target);
    sceneEdges.push({
      id: e.id,
      source: e.source,
      target: e.target,
      curve,
      bounds: curveBounds(curve),
      selected: e.selected === true,
    });
  }
  return { nodes: [...below, ...above], edges: sceneEdges, live };
}

/** What a node is doing, as the compact node's status dot shows it. */
export type NodeStatus = 'none' | 'idle' | 'on' | 'error';

export function statusOf(details: LiveNode | undefined): NodeStatus {
  if (!details) return 'none';
  if (details.errorCount > 0) return 'error';
  return details.rate > 0 ? 'on' : 'idle';
}

/** Data flows along an edge while its source node has a rate (errors or not). */
export function flowing(details: LiveNode | undefined): boolean {
  return (details?.rate ?? 0) > 0;
}

/** How a node looks live: what a redraw depends on. */
export interface NodeLook {
  readonly status: NodeStatus;
  /** Data leaves the node (its edges are green). */
  readonly flowing: boolean;
  /** Near by, its live line (none without live data); far away, not kept. */
  readonly line?: LiveLineText | null;
}
export type LiveLook = ReadonlyMap<string, NodeLook>;

/**
 * Each node's look from its live details; with `figures` (the figures the canvas shows, see the
 * live store), its live line as well, for the near level.
 */
export function liveLook(
  scene: Scene,
  live: Readonly<Record<string, LiveNode>>,
  figures?: Readonly<Record<string, LiveNode>>,
): LiveLook {
  const look = new Map<string, NodeLook>();
  if (!scene.live) return look;
  for (const n of scene.nodes) {
    const details = live[n.id];
    const status = statusOf(details);
    const on = flowing(details);
    if (!figures) look.set(n.id, { status, flowing: on });
    else {
      const line = details ? liveLine(details, figures[n.id]) : null;
      look.set(n.id, { status, flowing: on, line });
    }
  }
  return look;
}

const sameLine = (a: LiveLineText | null | undefined, b: LiveLineText | null | undefined) =>
  a === b || (!!a && !!b && sameLiveLine(a, b));

export function sameLook(a: LiveLook, b: LiveLook): boolean {
  if (a.size !== b.size) return false;
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y || y.status !== x.status || y.flowing !== x.flowing || !sameLine(x.line, y.line))
      return false;
  }
  return true;
}

/** The nodes and edges of the scene that cross `view` (flow coordinates), in draw order. */
export function cull(scene: Scene, view: Rect): { nodes: SceneNode[]; edges: SceneEdge[] } {
  return {
    nodes: scene.nodes.filter((n) => overlaps(n.rect, view)),
    edges: scene.edges.filter((e) => overlaps(e.bounds, view)),
  };
}

/** The node drawn on top at `point` (flow coordinates), if any. */
export function nodeAt(scene: Scene, point: Point): SceneNode | undefined {
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const node = scene.nodes[i]!;
    if (contains(node.rect, point)) return node;
  }
  return undefined;
}

/**
 * The scene apart from the nodes being dragged and their edges (`still`, which a drag leaves as
 * it is), and those nodes and edges (`moving`, redrawn as the pointer moves).
 */
export function splitScene(
  scene: Scene,
  moving: ReadonlySet<string>,
): { still: Scene; moving: Scene } {
  const touches = (e: SceneEdge) => moving.has(e.source) || moving.has(e.target);
  return {
    still: {
      ...scene,
      nodes: scene.nodes.filter((n) => !moving.has(n.id)),
      edges: scene.edges.filter((e) => !touches(e)),
    },
    moving: {
      ...scene,
      nodes: scene.nodes.filter((n) => moving.has(n.id)),
      edges: scene.edges.filter(touches),
    },
  };
}

/**
 * The moving part of a split scene (splitScene) moved by `by` (flow pixels), as a drag shows it
 * before the drop: its nodes shifted, and its edges bent to follow them (an edge to a node left
 * in place keeps that end). Costs only what moves, however large the scene.
 */
export function shiftScene(moving: Scene, ids: ReadonlySet<string>, by: Point): Scene {
  const shift = (p: Point) => ({ x: p.x + by.x, y: p.y + by.y });
  return {
    ...moving,
    nodes: moving.nodes.map((n) => ({ ...n, rect: { ...n.rect, ...shift(n.rect) } })),
    edges: moving.edges.map((e) => {
      const from = ids.has(e.source) ? shift(e.curve.from) : e.curve.from;
      const to = ids.has(e.target) ? shift(e.curve.to) : e.curve.to;
      const curve = curveBetween(from, to);
      return { ...e, curve, bounds: curveBounds(curve) };
    }),
  };
}

/** How many nodes `view` shows, and how many of them with live data. */
export function viewStats(
  scene: Scene,
  look: LiveLook,
  view: Rect,
): { nodes: number; live: number } {
  let nodes = 0;
  let live = 0;
  for (const n of scene.nodes) {
    if (!overlaps(n.rect, view)) continue;
    nodes++;
    const status = look.get(n.id)?.status;
    if (status !== undefined && status !== 'none') live++;
  }
  return { nodes, live };
}
