import type { Edge, Node, XYPosition } from '@xyflow/react';
import {
  addressTemplate,
  dagSchema,
  fillAddress,
  nodeReferences,
  referenceSection,
  type DagInput,
  type edgeSchema,
  type nodeSchema,
  type PathSegments,
} from '@flow/shared';
import type { z } from 'zod';
import { dict } from '../../dict';

/**
 * The editor's model of a DAG config: the canvas holds the nodes and edges (with positions), the
 * document holds everything else. `fromConfig` and `toConfig` are inverse: importing a config and
 * exporting it gives back the same JSON.
 */
export type NodeSpec = z.input<typeof nodeSchema>;
export type EdgeSpec = z.input<typeof edgeSchema>;
export type ComponentSection = 'subscribers' | 'publishers' | 'calculators' | 'transformers';
export type SubscriberSpec = NonNullable<DagInput['subscribers']>[number];
export type PublisherSpec = NonNullable<DagInput['publishers']>[number];
export type CalculatorSpec = NonNullable<DagInput['calculators']>[number];

export interface DagDoc {
  name: string;
  description?: string | undefined;
  start_time?: string | undefined;
  end_time?: string | undefined;
  timezone?: string | undefined;
  /** Days and holiday calendars (the DAG settings' schedule section; schedule-edit.ts). */
  schedule?: DagInput['schedule'];
  propagate?: 'every' | 'changes' | undefined;
  /** The watchdog's limit for one compute; left out, the server's default applies. */
  compute_timeout_ms?: number | undefined;
  /** How many cluster instances run the DAG at once (Kafka subscribers only above 1). */
  replicas?: number | undefined;
  subscribers: SubscriberSpec[];
  publishers: PublisherSpec[];
  calculators: CalculatorSpec[];
  transformers: CalculatorSpec[];
  /** `ui` other than positions, kept as it came. */
  ui?: Record<string, unknown> | undefined;
  /** Top-level keys the config had, so that an export leaves out what an import did not have. */
  keys: string[];
  /**
   * The positions the editor made up at load (auto-layout) for a config that had none: an export
   * leaves them out while the nodes are all still where it put them.
   */
  laidOut?: Readonly<Record<string, XYPosition>> | undefined;
}

export interface FlowNodeData extends Record<string, unknown> {
  spec: NodeSpec;
}
export type FlowNode = Node<FlowNodeData, 'dag'>;
export interface FlowEdgeData extends Record<string, unknown> {
  spec: EdgeSpec;
}
export type FlowEdge = Edge<FlowEdgeData>;

export interface EditorGraph {
  doc: DagDoc;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The top-level keys of a DAG config, in the order an export writes them: the schema's. */
const KEY_ORDER = dagSchema.keyof().options;

let edgeSeq = 0;
export const newEdgeId = () => `e${++edgeSeq}`;

export function flowEdge(spec: EdgeSpec): FlowEdge {
  return { id: newEdgeId(), source: spec.from, target: spec.to, data: { spec } };
}

/** Node sizes on the canvas, fixed (designer.css agrees): the same at every zoom. */
export const NODE_WIDTH = 190;
export const NODE_HEIGHT = { design: 64, live: 88 } as const;

/**
 * Below this zoom a node's text is too small to read (its subtitle under 4 px): the node is drawn
 * as a box with its name in large letters and a status dot, and live figures are left out, so a
 * thousand nodes at zoom to fit draw and pan quickly and their updates cost no repaint.
 */
export const COMPACT_BELOW_ZOOM = 0.45;

/**
 * A canvas node. Its initial size lets React Flow show it, and draw only what is in view, before
 * it has measured it.
 */
export function flowNode(spec: NodeSpec, position: XYPosition): FlowNode {
  return {
    id: spec.name,
    type: 'dag',
    position,
    data: { spec },
    initialWidth: NODE_WIDTH,
    initialHeight: NODE_HEIGHT.design,
  };
}

/** A new DAG: the schema's defaults (time zone, propagation), no components. */
export function emptyDoc(name: string): DagDoc {
  return {
    name,
    timezone: dagSchema.shape.timezone.parse(undefined),
    propagate: dagSchema.shape.propagate.parse(undefined),
    subscribers: [],
    publishers: [],
    calculators: [],
    transformers: [],
    keys: [...KEY_ORDER.filter((k) => k !== 'description' && !k.endsWith('_time'))],
  };
}

type Positions = Record<string, XYPosition>;

function readPositions(ui: unknown): Positions {
  const positions = (ui as { positions?: unknown } | undefined)?.positions;
  const out: Positions = dict();
  if (!positions || typeof positions !== 'object') return out;
  for (const [name, p] of Object.entries(positions as Record<string, unknown>)) {
    const { x, y } = (p ?? {}) as { x?: unknown; y?: unknown };
    if (typeof x === 'number' && typeof y === 'number') out[name] = { x, y };
  }
  return out;
}

/** Reads a config (already checked to be an object with the DAG's arrays) into the editor. */
export function fromConfig(config: DagInput): EditorGraph & { positioned: boolean } {
  const positions = readPositions(config.ui);
  const { positions: _positions, ...uiRest } = (config.ui ?? {}) as Record<string, unknown>;
  const nodes = (config.nodes ?? []).map((spec, i) =>
    flowNode(spec, positions[spec.name] ?? { x: (i % 6) * 240, y: Math.floor(i / 6) * 140 }),
  );
  const edges = (config.edges ?? []).map(flowEdge);
  const doc: DagDoc = {
    name: config.name,
    description: config.description,
    start_time: config.start_time,
    end_time: config.end_time,
    timezone: config.timezone,
    schedule: config.schedule,
    propagate: config.propagate,
    compute_timeout_ms: config.compute_timeout_ms,
    replicas: config.replicas,
    subscribers: [...(config.subscribers ?? [])],
    publishers: [...(config.publishers ?? [])],
    calculators: [...(config.calculators ?? [])],
    transformers: [...(config.transformers ?? [])],
    ui: config.ui === undefined ? undefined : uiRest,
    keys: Object.keys(config),
  };
  const positioned = (config.nodes ?? []).every((n) => positions[n.name] !== undefined);
  return { doc, nodes, edges, positioned };
}

/** Whether `positions` are those the editor made up at load, for the same nodes (DagDoc.laidOut). */
function untouchedLayout(doc: DagDoc, positions: Positions): boolean {
  const made = doc.laidOut;
  if (!made) return false;
  const names = Object.keys(positions);
  if (names.length !== Object.keys(made).length) return false;
  return names.every((name) => {
    const [p, m] = [positions[name]!, Object.hasOwn(made, name) ? made[name] : undefined];
    return m !== undefined && Math.round(m.x) === p.x && Math.round(m.y) === p.y;
  });
}

/**
 * The DAG config JSON of the editor's state. For an `export`, the positions the editor made up
 * for a config without any are left out while no node has moved, so that import then export
 * gives back the file; a save keeps them (the DAG opens again as it was, without a layout).
 */
export function toConfig(
  { doc, nodes, edges }: EditorGraph,
  { export: exporting = false }: { export?: boolean } = {},
): DagInput {
  const positions: Positions = dict();
  for (const n of nodes)
    positions[n.data.spec.name] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
  const omitPositions = exporting && untouchedLayout(doc, positions);
  const values: Record<(typeof KEY_ORDER)[number], unknown> = {
    name: doc.name,
    description: doc.description,
    start_time: doc.start_time,
    end_time: doc.end_time,
    timezone: doc.timezone,
    schedule: doc.schedule,
    propagate: doc.propagate,
    compute_timeout_ms: doc.compute_timeout_ms,
    replicas: doc.replicas,
    subscribers: doc.subscribers,
    publishers: doc.publishers,
    calculators: doc.calculators,
    transformers: doc.transformers,
    nodes: nodes.map((n) => n.data.spec),
    edges: edges.map((e) => e.data!.spec),
    ui: omitPositions ? doc.ui : { ...doc.ui, positions },
  };
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = values[key];
    if (value === undefined || value === '') continue;
    const empty = Array.isArray(value) && value.length === 0;
    // Leave out what the import did not have and is still empty; keep what it had.
    if (empty && !doc.keys.includes(key)) continue;
    out[key] = value;
  }
  return out as DagInput;
}

/** A name not yet used by a node or a component: `base`, `base_2`, `base_3`… */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+|_+$/g, '') || 'node';
  const stem = /[A-Za-z]/.test(clean) ? clean : `n_${clean}`;
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}

export function takenNames({ doc, nodes }: Pick<EditorGraph, 'doc' | 'nodes'>): Set<string> {
  return new Set([
    ...nodes.map((n) => n.id),
    ...doc.subscribers.map((c) => c.name),
    ...doc.publishers.map((c) => c.name),
    ...doc.calculators.map((c) => c.name),
    ...doc.transformers.map((c) => c.name),
  ]);
}

/** `AdditionCalculator` → `addition`; `AttributeNameChangeCalculator` → `attribute_name_change`. */
export function baseNameOfType(type: string): string {
  return type
    .replace(/(Data)?(Calculator|Transformer)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The address a new subscriber or publisher starts with: the catalog's template for its type
 * (`address`), with its name put in.
 */
export function addressOf(item: { type: string; address?: string }, name: string): string {
  return fillAddress(item.address ?? addressTemplate(item.type), name);
}

/**
 * Which canvas node a problem's place (its `segments`) is about, if any (to focus it when
 * clicked): the node itself, an edge's target, or the first node that uses the component.
 */
export function nodeOfProblem(segments: PathSegments, graph: EditorGraph): string | undefined {
  const [section, index] = segments;
  if (typeof index !== 'number') return undefined;
  const specs = graph.nodes.map((n) => n.data.spec);
  switch (section) {
    case 'nodes':
      return specs[index]?.name;
    case 'edges': {
      const e = graph.edges[index]?.data?.spec;
      return e?.to ?? e?.from;
    }
    case 'subscribers':
    case 'publishers':
    case 'calculators':
    case 'transformers': {
      const c = graph.doc[section][index]?.name;
      const uses = (s: NodeSpec) =>
        nodeReferences(s).some((r) => referenceSection[r.kind] === section && r.name === c);
      return specs.find(uses)?.name;
    }
    default:
      return undefined;
  }
}
