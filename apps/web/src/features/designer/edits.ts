import type { XYPosition } from '@xyflow/react';
import {
  nodeReferences,
  referenceSection,
  renameReferences as renameNodeReferences,
} from '@flow/shared';
import {
  addressOf,
  baseNameOfType,
  flowEdge,
  flowNode,
  takenNames,
  uniqueName,
  type ComponentSection,
  type DagDoc,
  type EditorGraph,
  type EdgeSpec,
  type FlowEdge,
  type FlowNode,
  type NodeSpec,
} from './model';

/**
 * The designer's edits as pure functions of the editor's graph: each returns the parts of the
 * graph it changes (the store applies them as one undo step).
 */

/** What the palette creates: a component of a kind and type, or a metronome timer. */
export interface PaletteItem {
  readonly kind: 'subscriber' | 'calculator' | 'transformer' | 'publisher' | 'timer' | 'sink';
  /** Calculator or transformer type, or subscriber/publisher URI scheme. */
  readonly type: string;
  readonly defaults: Record<string, unknown>;
  /** Subscribers and publishers: the catalog's address template (`{name}` for the name). */
  readonly address?: string;
}

export const HISTORY_LIMIT = 200;

export const graphOf = ({ doc, nodes, edges }: EditorGraph): EditorGraph => ({ doc, nodes, edges });

/** Undo and redo: the graphs before and after the current one. */
export interface History {
  past: EditorGraph[];
  future: EditorGraph[];
}

/** `past` with `graph` recorded as its latest step. */
export const recorded = (past: EditorGraph[], graph: EditorGraph): EditorGraph[] =>
  [...past, graph].slice(-HISTORY_LIMIT);

/** The graph and history one step back, or null when there is nothing to undo. */
export function undoStep(s: EditorGraph & History): (EditorGraph & History) | null {
  const previous = s.past.at(-1);
  if (!previous) return null;
  return { ...previous, past: s.past.slice(0, -1), future: [graphOf(s), ...s.future] };
}

/** The graph and history one step forward, or null when there is nothing to redo. */
export function redoStep(s: EditorGraph & History): (EditorGraph & History) | null {
  const [next, ...rest] = s.future;
  if (!next) return null;
  return { ...next, past: [...s.past, graphOf(s)], future: rest };
}

/**
 * The components a node's config names, walked by the shared `nodeReferences`: calls `visit` on
 * each and returns the spec with each name replaced by what `visit` returned (the same spec when
 * none changed).
 */
export function mapReferences(
  spec: NodeSpec,
  visit: (section: ComponentSection, name: string) => string,
): NodeSpec {
  return renameNodeReferences(spec, (r) => visit(referenceSection[r.kind], r.name));
}

/** The components a node uses, by section. */
export function componentsOf(spec: NodeSpec): [ComponentSection, string][] {
  return nodeReferences(spec).map((r) => [referenceSection[r.kind], r.name]);
}

/**
 * A palette item as a new node (and the component it uses, added to `doc`), named apart from
 * every name taken. A transformer is no node: see `withTransformer`.
 */
export function paletteNode(
  graph: EditorGraph,
  item: PaletteItem & { kind: Exclude<PaletteItem['kind'], 'transformer'> },
): { doc: DagDoc; spec: NodeSpec } {
  const taken = takenNames(graph);
  const doc = { ...graph.doc };
  switch (item.kind) {
    case 'subscriber': {
      const name = uniqueName(`${item.type}_in`, taken);
      doc.subscribers = [
        ...doc.subscribers,
        { name, config: { ...item.defaults, source: addressOf(item, name) } },
      ];
      return { doc, spec: { name, type: 'SubscriptionNode', config: { subscriber: name } } };
    }
    case 'publisher': {
      const name = uniqueName(`${item.type}_out`, taken);
      doc.publishers = [
        ...doc.publishers,
        { name, config: { ...item.defaults, destination: addressOf(item, name) } },
      ];
      return { doc, spec: { name, type: 'PublicationNode', config: { publishers: [name] } } };
    }
    case 'calculator': {
      const name = uniqueName(baseNameOfType(item.type), taken);
      doc.calculators = [
        ...doc.calculators,
        { name, type: item.type, config: { ...item.defaults } },
      ];
      return {
        doc,
        spec: {
          name,
          type: 'CalculationNode',
          config: { calculator: name, input_transformers: [], output_transformers: [] },
        },
      };
    }
    case 'timer': {
      const name = uniqueName('tick', taken);
      return { doc, spec: { name, type: 'MetronomeNode', config: { interval_ms: 1000 } } };
    }
    case 'sink': {
      if (item.type === 'PublisherSinkNode') {
        // Its publishers are picked in its panel, from the DAG's publishers.
        const name = uniqueName('publish_each', taken);
        return { doc, spec: { name, type: 'PublisherSinkNode', config: { publishers: [] } } };
      }
      const name = uniqueName('end', taken);
      return { doc, spec: { name, type: 'SinkNode', config: {} } };
    }
  }
}

/** `nodes` and `edges` with nothing selected but `added` (appended, selected). */
export function selectingOnly(
  { nodes, edges }: Pick<EditorGraph, 'nodes' | 'edges'>,
  added: FlowNode[],
): Pick<EditorGraph, 'nodes' | 'edges'> {
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added],
    edges: edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
  };
}

/**
 * The graph without the selected nodes and edges, the edges of the deleted nodes, and the
 * components only the deleted nodes used; null when nothing is selected.
 */
export function withoutSelection(graph: EditorGraph): EditorGraph | null {
  const gone = new Set(graph.nodes.filter((n) => n.selected).map((n) => n.id));
  const edgesGone = new Set(
    graph.edges
      .filter((e) => e.selected || gone.has(e.source) || gone.has(e.target))
      .map((e) => e.id),
  );
  if (gone.size === 0 && edgesGone.size === 0) return null;
  const nodes = graph.nodes.filter((n) => !gone.has(n.id));
  // Components only the deleted nodes used go with them; transformers stay (edges may use them).
  const stillUsed = new Set(
    nodes.flatMap((n) => componentsOf(n.data.spec)).map(([sec, name]) => `${sec}:${name}`),
  );
  const unused = new Set(
    graph.nodes
      .filter((n) => gone.has(n.id))
      .flatMap((n) => componentsOf(n.data.spec))
      .filter(([sec, name]) => sec !== 'transformers' && !stillUsed.has(`${sec}:${name}`))
      .map(([sec, name]) => `${sec}:${name}`),
  );
  const keep = (sec: ComponentSection) => (c: { name: string }) => !unused.has(`${sec}:${c.name}`);
  return {
    nodes,
    edges: graph.edges.filter((e) => !edgesGone.has(e.id)),
    doc: {
      ...graph.doc,
      subscribers: graph.doc.subscribers.filter(keep('subscribers')),
      publishers: graph.doc.publishers.filter(keep('publishers')),
      calculators: graph.doc.calculators.filter(keep('calculators')),
    },
  };
}

/** Node `from` renamed `to`, in the nodes and the edges. */
export function withNodeRenamed(
  { nodes, edges }: Pick<EditorGraph, 'nodes' | 'edges'>,
  from: string,
  to: string,
): Pick<EditorGraph, 'nodes' | 'edges'> {
  return {
    nodes: nodes.map((n) =>
      n.id === from ? { ...n, id: to, data: { ...n.data, spec: { ...n.data.spec, name: to } } } : n,
    ),
    edges: edges.map((e) => {
      if (e.source !== from && e.target !== from) return e;
      const spec = { ...e.data!.spec };
      if (spec.from === from) spec.from = to;
      if (spec.to === from) spec.to = to;
      return { ...e, source: spec.from, target: spec.to, data: { spec } };
    }),
  };
}

/**
 * Every reference to component `name` of `section` (in the nodes' configs and, for a
 * transformer, on the edges) renamed `to`.
 */
export function renameReferences(
  { nodes, edges }: Pick<EditorGraph, 'nodes' | 'edges'>,
  section: ComponentSection,
  name: string,
  to: string,
): Pick<EditorGraph, 'nodes' | 'edges'> {
  const renamedNodes = nodes.map((n) => {
    const c = n.data.spec;
    const next = mapReferences(c, (sec, x) => (sec === section && x === name ? to : x));
    return next === c ? n : { ...n, data: { ...n.data, spec: next } };
  });
  const renamedEdges =
    section === 'transformers'
      ? edges.map((e) =>
          e.data!.spec.transformer === name
            ? { ...e, data: { spec: { ...e.data!.spec, transformer: to } } }
            : e,
        )
      : edges;
  return { nodes: renamedNodes, edges: renamedEdges };
}

/** Component `name` of `section` replaced by `spec`; a rename follows into every reference. */
export function withComponent<S extends ComponentSection>(
  graph: EditorGraph,
  section: S,
  name: string,
  spec: DagDoc[S][number],
): EditorGraph {
  const list = graph.doc[section] as { name: string }[];
  const doc = { ...graph.doc, [section]: list.map((c) => (c.name === name ? spec : c)) };
  if (spec.name === name) return { doc, nodes: graph.nodes, edges: graph.edges };
  return { doc, ...renameReferences(graph, section, name, spec.name) };
}

/** Edge `edgeId` with `transformer` on it, or none. */
export function withEdgeTransformer(
  edges: FlowEdge[],
  edgeId: string,
  transformer: string | undefined,
): FlowEdge[] {
  return edges.map((e) => {
    if (e.id !== edgeId) return e;
    const { transformer: _old, ...rest } = e.data!.spec;
    const spec: EdgeSpec = transformer ? { ...rest, transformer } : rest;
    return { ...e, data: { spec }, label: transformer };
  });
}

/** The edges with one edge's `pname` set (nesting its parent's output at the merge) or removed. */
export function withEdgePname(
  edges: FlowEdge[],
  edgeId: string,
  pname: string | undefined,
): FlowEdge[] {
  return edges.map((e) => {
    if (e.id !== edgeId) return e;
    const { pname: _old, ...rest } = e.data!.spec;
    const spec: EdgeSpec = pname ? { ...rest, pname } : rest;
    return { ...e, data: { spec } };
  });
}

/** Copied nodes, with the components they use and the edges between them. */
export interface Clip {
  nodes: { spec: NodeSpec; position: XYPosition }[];
  edges: EdgeSpec[];
  components: Partial<Record<ComponentSection, { name: string }[]>>;
}

/** The selected nodes as a clip, or null when none is selected. */
export function copyOf(graph: EditorGraph): Clip | null {
  const picked = graph.nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const names = new Set(picked.map((n) => n.id));
  const used = new Set(
    picked.flatMap((n) => componentsOf(n.data.spec)).map(([sec, n]) => `${sec}:${n}`),
  );
  const pick = (sec: ComponentSection) =>
    (graph.doc[sec] as { name: string }[]).filter((c) => used.has(`${sec}:${c.name}`));
  return {
    nodes: picked.map((n) => ({ spec: n.data.spec, position: n.position })),
    edges: graph.edges.map((e) => e.data!.spec).filter((e) => names.has(e.from) && names.has(e.to)),
    components: {
      subscribers: pick('subscribers'),
      publishers: pick('publishers'),
      calculators: pick('calculators'),
    },
  };
}

/**
 * What pasting `clip` into `graph` adds: the doc with copies of the clip's components, and the
 * clip's nodes and edges, renamed apart from every name taken and moved a little.
 */
export function pasted(
  graph: EditorGraph,
  clip: Clip,
): { doc: DagDoc; nodes: FlowNode[]; edges: FlowEdge[] } {
  const taken = takenNames(graph);
  const rename = new Map<string, string>();
  const fresh = (name: string) => {
    const next = uniqueName(name.replace(/_copy(_\d+)?$/, '') + '_copy', taken);
    taken.add(next);
    return next;
  };
  // Nodes first; a component named like its node keeps sharing the node's new name.
  for (const { spec } of clip.nodes) rename.set(spec.name, fresh(spec.name));
  const doc = { ...graph.doc };
  const comp = new Map<string, string>();
  for (const sec of ['subscribers', 'publishers', 'calculators'] as const) {
    const copies = (clip.components[sec] ?? []).map((c) => {
      const name = rename.get(c.name) ?? fresh(c.name);
      comp.set(`${sec}:${c.name}`, name);
      return { ...structuredClone(c), name };
    });
    (doc as Record<string, unknown>)[sec] = [...(doc[sec] as unknown[]), ...copies];
  }
  const nodes = clip.nodes.map(({ spec, position }) => {
    // Transformers are not copied: the copies keep using the same ones.
    const c = mapReferences({ ...structuredClone(spec), name: rename.get(spec.name)! }, (sec, n) =>
      sec === 'transformers' ? n : (comp.get(`${sec}:${n}`) ?? n),
    );
    return { ...flowNode(c, { x: position.x + 40, y: position.y + 40 }), selected: true };
  });
  const edges = clip.edges.map((e) =>
    flowEdge({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }),
  );
  return { doc, nodes, edges };
}

/** The clip moved along, so that a second paste lands further on. */
export const movedOn = (clip: Clip): Clip => ({
  ...clip,
  nodes: clip.nodes.map((n) => ({
    ...n,
    position: { x: n.position.x + 40, y: n.position.y + 40 },
  })),
});
