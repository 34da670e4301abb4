import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { create } from 'zustand';
import { nodeReferences, referenceSection, renameReferences } from '@flow/shared';
import {
  addressOf,
  baseNameOfType,
  emptyDoc,
  flowEdge,
  flowNode,
  takenNames,
  uniqueName,
  type CalculatorSpec,
  type ComponentSection,
  type DagDoc,
  type EditorGraph,
  type EdgeSpec,
  type FlowEdge,
  type FlowNode,
  type NodeSpec,
} from './model';

/** What the palette creates: a component of a kind and type, or a metronome timer. */
export interface PaletteItem {
  readonly kind: 'subscriber' | 'calculator' | 'transformer' | 'publisher' | 'timer';
  /** Calculator or transformer type, or subscriber/publisher URI scheme. */
  readonly type: string;
  readonly defaults: Record<string, unknown>;
  /** Subscribers and publishers: the catalog's address template (`{name}` for the name). */
  readonly address?: string;
}

const HISTORY_LIMIT = 200;

interface DesignerState extends EditorGraph {
  past: EditorGraph[];
  future: EditorGraph[];
  /** Changed since loaded or saved. */
  dirty: boolean;
  markSaved(): void;
  /** The transformer whose form the property panel shows (transformers are not nodes). */
  transformerFocus: string | null;
  /** Set when the canvas should centre on a node (problems panel, search). */
  focusRequest: { node: string; at: number } | null;

  load(graph: EditorGraph): void;
  /** Records the current state for undo; call before a change made outside `commit`. */
  checkpoint(): void;
  undo(): void;
  redo(): void;

  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  connect(connection: Connection): void;

  addFromPalette(item: PaletteItem, position: XYPosition): string;
  addTransformer(type: string, defaults: Record<string, unknown>): string;
  deleteSelection(): void;
  selectOnly(nodeName: string | null): void;
  selectAll(): void;
  focusNode(name: string): void;
  focusTransformer(name: string | null): void;

  updateDoc(patch: Partial<DagDoc>): void;
  updateNode(name: string, spec: NodeSpec): void;
  renameNode(from: string, to: string): void;
  updateComponent<S extends ComponentSection>(
    section: S,
    name: string,
    spec: DagDoc[S][number],
  ): void;
  setEdgeTransformer(edgeId: string, transformer: string | undefined): void;
  setPositions(positions: ReadonlyMap<string, XYPosition>): void;

  copySelection(): number;
  paste(): number;
}

const graphOf = ({ doc, nodes, edges }: EditorGraph): EditorGraph => ({ doc, nodes, edges });

/** Copied nodes, with the components they use and the edges between them. */
interface Clip {
  nodes: { spec: NodeSpec; position: XYPosition }[];
  edges: EdgeSpec[];
  components: Partial<Record<ComponentSection, { name: string }[]>>;
}
let clipboard: Clip | null = null;

/** The components a node uses, by section. */
function componentsOf(spec: NodeSpec): [ComponentSection, string][] {
  return nodeReferences(spec).map((r) => [referenceSection[r.kind], r.name]);
}

export const useDesigner = create<DesignerState>()((set, get) => {
  /** Applies a change as one undoable step. */
  const commit = (change: (s: DesignerState) => Partial<EditorGraph>) =>
    set((s) => ({
      ...change(s),
      past: [...s.past, graphOf(s)].slice(-HISTORY_LIMIT),
      future: [],
      dirty: true,
    }));

  return {
    dirty: false,
    markSaved: () => set({ dirty: false }),
    doc: emptyDoc('new_dag'),
    nodes: [],
    edges: [],
    past: [],
    future: [],
    transformerFocus: null,
    focusRequest: null,

    load: (graph) => set({ ...graph, past: [], future: [], transformerFocus: null, dirty: false }),
    checkpoint: () =>
      set((s) => ({
        past: [...s.past, graphOf(s)].slice(-HISTORY_LIMIT),
        future: [],
        dirty: true,
      })),
    undo: () =>
      set((s) => {
        const previous = s.past.at(-1);
        if (!previous) return {};
        return {
          ...previous,
          past: s.past.slice(0, -1),
          future: [graphOf(s), ...s.future],
          dirty: true,
        };
      }),
    redo: () =>
      set((s) => {
        const [next, ...rest] = s.future;
        if (!next) return {};
        return { ...next, past: [...s.past, graphOf(s)], future: rest, dirty: true };
      }),

    onNodesChange: (changes) => {
      // Removal goes through deleteSelection (it also removes the node's components).
      const kept = changes.filter((c) => c.type !== 'remove');
      if (kept.length) set((s) => ({ nodes: applyNodeChanges(kept, s.nodes) }));
    },
    onEdgesChange: (changes) => {
      const kept = changes.filter((c) => c.type !== 'remove');
      if (kept.length) set((s) => ({ edges: applyEdgeChanges(kept, s.edges) }));
    },
    connect: ({ source, target }) => {
      if (!source || !target) return;
      const { edges } = get();
      if (edges.some((e) => e.source === source && e.target === target)) return;
      commit((s) => ({ edges: addEdge(flowEdge({ from: source, to: target }), s.edges) }));
    },

    addFromPalette: (item, position) => {
      const s = get();
      const taken = takenNames(s);
      let spec: NodeSpec;
      const doc = { ...s.doc };
      switch (item.kind) {
        case 'subscriber': {
          const name = uniqueName(`${item.type}_in`, taken);
          doc.subscribers = [
            ...doc.subscribers,
            { name, config: { ...item.defaults, source: addressOf(item, name) } },
          ];
          spec = { name, type: 'SubscriptionNode', config: { subscriber: name } };
          break;
        }
        case 'publisher': {
          const name = uniqueName(`${item.type}_out`, taken);
          doc.publishers = [
            ...doc.publishers,
            { name, config: { ...item.defaults, destination: addressOf(item, name) } },
          ];
          spec = { name, type: 'PublicationNode', config: { publishers: [name] } };
          break;
        }
        case 'calculator': {
          const name = uniqueName(baseNameOfType(item.type), taken);
          doc.calculators = [
            ...doc.calculators,
            { name, type: item.type, config: { ...item.defaults } },
          ];
          spec = {
            name,
            type: 'CalculationNode',
            config: { calculator: name, input_transformers: [], output_transformers: [] },
          };
          break;
        }
        case 'timer': {
          const name = uniqueName('tick', taken);
          spec = { name, type: 'MetronomeNode', config: { interval_ms: 1000 } };
          break;
        }
        case 'transformer':
          return get().addTransformer(item.type, item.defaults);
      }
      const node = { ...flowNode(spec, position), selected: true };
      commit((st) => ({
        doc,
        nodes: [...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        edges: st.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      }));
      set({ transformerFocus: null });
      return spec.name;
    },

    addTransformer: (type, defaults) => {
      const s = get();
      const name = uniqueName(baseNameOfType(type), takenNames(s));
      const spec: CalculatorSpec = { name, type, config: { ...defaults } };
      commit((st) => ({ doc: { ...st.doc, transformers: [...st.doc.transformers, spec] } }));
      set({ transformerFocus: name });
      return name;
    },

    deleteSelection: () => {
      const s = get();
      const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const edgesGone = new Set(
        s.edges
          .filter((e) => e.selected || gone.has(e.source) || gone.has(e.target))
          .map((e) => e.id),
      );
      if (gone.size === 0 && edgesGone.size === 0) return;
      const nodes = s.nodes.filter((n) => !gone.has(n.id));
      // Components only the deleted nodes used go with them; transformers stay (edges may use them).
      const stillUsed = new Set(
        nodes.flatMap((n) => componentsOf(n.data.spec)).map(([sec, name]) => `${sec}:${name}`),
      );
      const unused = new Set(
        s.nodes
          .filter((n) => gone.has(n.id))
          .flatMap((n) => componentsOf(n.data.spec))
          .filter(([sec, name]) => sec !== 'transformers' && !stillUsed.has(`${sec}:${name}`))
          .map(([sec, name]) => `${sec}:${name}`),
      );
      const keep = (sec: ComponentSection) => (c: { name: string }) =>
        !unused.has(`${sec}:${c.name}`);
      commit((st) => ({
        nodes,
        edges: st.edges.filter((e) => !edgesGone.has(e.id)),
        doc: {
          ...st.doc,
          subscribers: st.doc.subscribers.filter(keep('subscribers')),
          publishers: st.doc.publishers.filter(keep('publishers')),
          calculators: st.doc.calculators.filter(keep('calculators')),
        },
      }));
    },

    selectOnly: (name) =>
      set((s) => ({
        nodes: s.nodes.map((n) =>
          n.selected === (n.id === name) ? n : { ...n, selected: n.id === name },
        ),
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        transformerFocus: null,
      })),
    selectAll: () =>
      set((s) => ({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) })),
    focusNode: (name) => {
      get().selectOnly(name);
      set({ focusRequest: { node: name, at: Date.now() } });
    },
    focusTransformer: (name) => {
      if (name) get().selectOnly(null);
      set({ transformerFocus: name });
    },

    updateDoc: (patch) => commit((s) => ({ doc: { ...s.doc, ...patch } })),
    updateNode: (name, spec) =>
      commit((s) => ({
        nodes: s.nodes.map((n) => (n.id === name ? { ...n, data: { ...n.data, spec } } : n)),
      })),
    renameNode: (from, to) => {
      if (from === to || get().nodes.some((n) => n.id === to)) return;
      commit((s) => ({
        nodes: s.nodes.map((n) =>
          n.id === from
            ? { ...n, id: to, data: { ...n.data, spec: { ...n.data.spec, name: to } } }
            : n,
        ),
        edges: s.edges.map((e) => {
          if (e.source !== from && e.target !== from) return e;
          const spec = { ...e.data!.spec };
          if (spec.from === from) spec.from = to;
          if (spec.to === from) spec.to = to;
          return { ...e, source: spec.from, target: spec.to, data: { spec } };
        }),
      }));
    },
    updateComponent: (section, name, spec) =>
      commit((s) => {
        const list = s.doc[section] as { name: string }[];
        const renamed = spec.name !== name;
        const doc = { ...s.doc, [section]: list.map((c) => (c.name === name ? spec : c)) };
        if (!renamed) return { doc };
        // Follow a rename into every reference.
        const nodes = s.nodes.map((n) => {
          const c = n.data.spec;
          const next = renameReferences(c, (r) =>
            referenceSection[r.kind] === section && r.name === name ? spec.name : r.name,
          );
          return next === c ? n : { ...n, data: { ...n.data, spec: next } };
        });
        const edges =
          section === 'transformers'
            ? s.edges.map((e) =>
                e.data!.spec.transformer === name
                  ? { ...e, data: { spec: { ...e.data!.spec, transformer: spec.name } } }
                  : e,
              )
            : s.edges;
        return { doc, nodes, edges };
      }),
    setEdgeTransformer: (edgeId, transformer) =>
      commit((s) => ({
        edges: s.edges.map((e) => {
          if (e.id !== edgeId) return e;
          const { transformer: _old, ...rest } = e.data!.spec;
          const spec: EdgeSpec = transformer ? { ...rest, transformer } : rest;
          return { ...e, data: { spec }, label: transformer };
        }),
      })),
    setPositions: (positions) =>
      commit((s) => ({
        nodes: s.nodes.map((n) => {
          const p = positions.get(n.id);
          return p ? { ...n, position: p } : n;
        }),
      })),

    copySelection: () => {
      const s = get();
      const picked = s.nodes.filter((n) => n.selected);
      if (picked.length === 0) return 0;
      const names = new Set(picked.map((n) => n.id));
      const used = new Set(
        picked.flatMap((n) => componentsOf(n.data.spec)).map(([sec, n]) => `${sec}:${n}`),
      );
      const pick = (sec: ComponentSection) =>
        (s.doc[sec] as { name: string }[]).filter((c) => used.has(`${sec}:${c.name}`));
      clipboard = {
        nodes: picked.map((n) => ({ spec: n.data.spec, position: n.position })),
        edges: s.edges.map((e) => e.data!.spec).filter((e) => names.has(e.from) && names.has(e.to)),
        components: {
          subscribers: pick('subscribers'),
          publishers: pick('publishers'),
          calculators: pick('calculators'),
        },
      };
      return picked.length;
    },
    paste: () => {
      const clip = clipboard;
      if (!clip) return 0;
      const s = get();
      const taken = takenNames(s);
      const rename = new Map<string, string>();
      const fresh = (name: string) => {
        const next = uniqueName(name.replace(/_copy(_\d+)?$/, '') + '_copy', taken);
        taken.add(next);
        return next;
      };
      // Nodes first; a component named like its node keeps sharing the node's new name.
      for (const { spec } of clip.nodes) rename.set(spec.name, fresh(spec.name));
      const doc = { ...s.doc };
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
        const c = structuredClone(
          renameReferences(
            spec,
            (r) => comp.get(`${referenceSection[r.kind]}:${r.name}`) ?? r.name,
          ),
        );
        c.name = rename.get(spec.name)!;
        return { ...flowNode(c, { x: position.x + 40, y: position.y + 40 }), selected: true };
      });
      const edges = clip.edges.map((e) =>
        flowEdge({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }),
      );
      commit((st) => ({
        doc,
        nodes: [...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
        edges: [...st.edges, ...edges],
      }));
      // A second paste lands further along.
      clipboard = {
        ...clip,
        nodes: clip.nodes.map((n) => ({
          ...n,
          position: { x: n.position.x + 40, y: n.position.y + 40 },
        })),
      };
      return nodes.length;
    },
  };
});

/** The editor's graph (for export, save and validation). */
export const selectGraph = (s: DesignerState): EditorGraph => graphOf(s);
