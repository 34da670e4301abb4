import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand';
import {
  copyOf,
  graphOf,
  movedOn,
  paletteNode,
  pasted,
  recorded,
  redoStep,
  selectingOnly,
  undoStep,
  withComponent,
  withEdgePname,
  withEdgeTransformer,
  withNodeRenamed,
  type Clip,
  type History,
  type PaletteItem,
} from './edits';
import {
  baseNameOfType,
  emptyDoc,
  flowEdge,
  flowNode,
  takenNames,
  uniqueName,
  NODE_HEIGHT,
  NODE_WIDTH,
  type CalculatorSpec,
  type ComponentSection,
  type DagDoc,
  type EditorGraph,
  type FlowEdge,
  type FlowNode,
  type NodeSpec,
} from './model';
import { withNewMetronomeSubscriber, type SubscriberTemplate } from './metronome-edit';
import { withGroupMemberRenamed, withoutSelectionAndNotes } from './annotations';
import { freeSpot, placedBlock } from './placement';

export type { PaletteItem } from './edits';

export interface DesignerState extends EditorGraph, History {
  /** Changed since loaded or saved. */
  dirty: boolean;
  markSaved(): void;
  /** The transformer whose form the property panel shows (transformers are not nodes). */
  transformerFocus: string | null;
  /** Set when the canvas should centre on a node (problems panel, search). */
  focusRequest: { node: string; at: number } | null;
  /** The comments selected on the canvas (their ids; annotations.ts). */
  selectedNotes: string[];

  load(graph: EditorGraph): void;
  /** Records the current state for undo; call before a change made outside `commit`. */
  checkpoint(): void;
  /** Applies a change made elsewhere (annotations, the context menu) as one undoable step. */
  edit(change: (s: DesignerState) => Partial<EditorGraph>): void;
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
  setEdgePname(edgeId: string, pname: string | undefined): void;
  /** Gives a MetronomeNode a new subscriber of its own, of a catalog type. */
  addMetronomeSubscriber(node: string, template: SubscriberTemplate): void;
  setPositions(positions: ReadonlyMap<string, XYPosition>): void;

  copySelection(): number;
  /** Pastes the copied nodes (at `at`, their top-left corner, if given), clear of other nodes. */
  paste(at?: XYPosition): number;
}

/** One editor's store: its graph, undo history, selection focus and clipboard. */
export type EditorStore = StoreApi<DesignerState>;

/** A new editor's store, holding an empty DAG (the edits themselves are in edits.ts). */
export function createEditorStore(): EditorStore {
  return createStore<DesignerState>()((set, get) => {
    /** Copied nodes, for paste. */
    let clipboard: Clip | null = null;

    /** Applies a change as one undoable step. */
    const commit = (change: (s: DesignerState) => Partial<EditorGraph>) =>
      set((s) => ({ ...change(s), past: recorded(s.past, graphOf(s)), future: [], dirty: true }));

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
      selectedNotes: [],

      load: (graph) =>
        set({
          ...graph,
          past: [],
          future: [],
          transformerFocus: null,
          selectedNotes: [],
          dirty: false,
        }),
      checkpoint: () =>
        set((s) => ({ past: recorded(s.past, graphOf(s)), future: [], dirty: true })),
      edit: commit,
      undo: () =>
        set((s) => {
          const step = undoStep(s);
          return step ? { ...step, dirty: true } : {};
        }),
      redo: () =>
        set((s) => {
          const step = redoStep(s);
          return step ? { ...step, dirty: true } : {};
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
        if (item.kind === 'transformer') return get().addTransformer(item.type, item.defaults);
        const { doc, spec } = paletteNode(get(), { ...item, kind: item.kind });
        // Never on top of another node: at the nearest free spot.
        const size = { width: NODE_WIDTH, height: NODE_HEIGHT.design };
        const node = { ...flowNode(spec, freeSpot(get().nodes, position, size)), selected: true };
        commit((st) => ({ doc, ...selectingOnly(st, [node]) }));
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
        const next = withoutSelectionAndNotes(get(), get().selectedNotes);
        if (next) commit(() => next);
        set({ selectedNotes: [] });
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
          ...withNodeRenamed(s, from, to),
          doc: withGroupMemberRenamed(s.doc, from, to),
        }));
      },
      updateComponent: (section, name, spec) =>
        commit((s) => withComponent(s, section, name, spec)),
      setEdgeTransformer: (edgeId, transformer) =>
        commit((s) => ({ edges: withEdgeTransformer(s.edges, edgeId, transformer) })),
      setEdgePname: (edgeId, pname) =>
        commit((s) => ({ edges: withEdgePname(s.edges, edgeId, pname) })),
      addMetronomeSubscriber: (node, template) => {
        const next = withNewMetronomeSubscriber(get(), node, template);
        if (next) commit(() => next);
      },
      setPositions: (positions) =>
        commit((s) => ({
          nodes: s.nodes.map((n) => {
            const p = positions.get(n.id);
            return p ? { ...n, position: p } : n;
          }),
        })),

      copySelection: () => {
        const clip = copyOf(get());
        if (!clip) return 0;
        clipboard = clip;
        return clip.nodes.length;
      },
      paste: (at) => {
        const clip = clipboard;
        if (!clip) return 0;
        const { doc, edges, ...added } = pasted(get(), clip);
        // At the pointer, or moved on; never on top of other nodes.
        const nodes = placedBlock(get().nodes, added.nodes, at);
        commit((st) => ({
          doc,
          nodes: [...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
          edges: [...st.edges, ...edges],
        }));
        // A second paste lands further along.
        clipboard = movedOn(clip);
        return nodes.length;
      },
    };
  });
}

/** The editor's graph (for export, save and validation). */
export const selectGraph = (s: DesignerState): EditorGraph => graphOf(s);
