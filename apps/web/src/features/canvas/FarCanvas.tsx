import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useLive } from '../live/store';
import { useProblems } from '../designer/problems-store';
import { useEditorStoreApi } from '../designer/store-context';
import { startFarView, type FarSources, type FarView } from './far-view';
import { MINIMAP_SIZE } from './minimap';
import { readPalette } from './palette';

/** A listener called when `select(state)` changes (by reference). */
function watch<S, T>(
  store: { getState(): S; subscribe(listener: (state: S) => void): () => void },
  select: (state: S) => T,
) {
  return (listener: () => void) => {
    let last = select(store.getState());
    return store.subscribe((state) => {
      const next = select(state);
      if (next === last) return;
      last = next;
      listener();
    });
  };
}

/** React Flow's selection box while one is drawn (Shift and drag on the pane). */
const selectionBoxOf = (s: ReactFlowState) => (s.userSelectionActive ? s.userSelectionRect : null);

/**
 * The DAG on one canvas under React Flow's pane, far away (zoom below COMPACT_BELOW_ZOOM) and in
 * the live view of a big DAG at every zoom (Canvas.tsx): React Flow then renders no nodes or
 * edges of its own and keeps pan, zoom and the controls; the canvas paints the nodes and edges,
 * takes clicks and drags on nodes, and the arrow keys once it has the focus.
 */
export const FarCanvas = memo(function FarCanvas({
  live,
  editable,
  scheme,
  onPublish,
}: {
  live: boolean;
  editable: boolean;
  scheme: 'light' | 'dark';
  onPublish?: ((node: string) => void) | undefined;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const mini = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const keys = useRef<HTMLDivElement>(null);
  const announce = useRef<HTMLDivElement>(null);
  const { setViewport, zoomTo } = useReactFlow();
  const view = useRef<FarView>(null);
  const flow = useStoreApi();
  const store = useEditorStoreApi();

  useEffect(() => {
    const canvas = ref.current;
    const wrapper = canvas?.closest<HTMLElement>('.react-flow');
    if (!canvas || !wrapper || !mini.current || !overlay.current) return;
    if (!keys.current || !announce.current) return;
    const designer = store.getState;
    const sources: FarSources = {
      graph: () => designer(),
      problems: () => useProblems.getState().byNode,
      live: () => useLive.getState().nodes,
      figures: () => useLive.getState().figures,
      viewport: () => flow.getState(),
      selectionBox: () => selectionBoxOf(flow.getState()),
      on: {
        graph: (listener) => {
          const nodes = watch(store, (s) => s.nodes)(listener);
          const edges = watch(store, (s) => s.edges)(listener);
          const doc = watch(store, (s) => s.doc)(listener);
          return () => (nodes(), edges(), doc());
        },
        problems: watch(useProblems, (s) => s.byNode),
        selectionBox: watch(flow, selectionBoxOf),
        live: (listener) => {
          const nodes = watch(useLive, (s) => s.nodes)(listener);
          const figures = watch(useLive, (s) => s.figures)(listener);
          return () => (nodes(), figures());
        },
        viewport: (listener) => {
          const transform = watch(flow, (s) => s.transform)(listener);
          const size = watch(flow, (s) => s.width * 100_000 + s.height)(listener);
          return () => (transform(), size());
        },
      },
      setViewport: ([x, y, zoom]) => void setViewport({ x, y, zoom }),
      zoomTo: (zoom) => void zoomTo(zoom),
      selectOnly: (id) => designer().selectOnly(id),
      applyChanges: (changes) => designer().onNodesChange(changes),
      checkpoint: () => designer().checkpoint(),
    };
    view.current = startFarView(
      {
        layer: canvas,
        overlay: overlay.current,
        mini: mini.current,
        wrapper,
        keys: keys.current,
        announce: announce.current,
      },
      sources,
      {
        live,
        editable,
        onPublish,
        palette: readPalette(canvas),
      },
    );
    return () => view.current?.stop();
  }, [flow, setViewport, zoomTo, store]); // started once: the options and the theme reach it through update() below

  useEffect(() => {
    const canvas = ref.current;
    if (canvas) view.current?.update({ live, editable, onPublish, palette: readPalette(canvas) });
  }, [live, editable, onPublish, scheme]);

  return (
    <>
      <canvas ref={ref} className="far-canvas" data-testid="far-canvas" aria-hidden="true" />
      <canvas ref={overlay} className="far-canvas far-canvas--overlay" aria-hidden="true" />
      <div
        ref={keys}
        className="far-canvas__keys"
        tabIndex={0}
        role="application"
        aria-roledescription="DAG canvas"
        aria-label={`The DAG's nodes: the arrow keys move between them, Enter ${live ? 'inspects' : 'selects'} one`}
      />
      <div ref={announce} className="far-canvas__announce" aria-live="polite" />
      <Panel position="bottom-right" className="react-flow__minimap far-canvas__minimap">
        <canvas
          ref={mini}
          style={{ width: MINIMAP_SIZE.width, height: MINIMAP_SIZE.height, display: 'block' }}
          data-testid="far-minimap"
          aria-label="Mini map"
        />
      </Panel>
    </>
  );
});
