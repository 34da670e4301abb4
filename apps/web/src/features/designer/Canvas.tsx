import '@xyflow/react/dist/style.css';
import './designer.css';
import { useComputedColorScheme } from '@mantine/core';
import { IconMaximize } from '@tabler/icons-react';
import {
  ControlButton,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type DefaultEdgeOptions,
  type EdgeTypes,
  type NodeTypes,
  type Viewport,
} from '@xyflow/react';
import {
  memo,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
} from 'react';
import { kindColor } from '../../theme';
import type { CanvasNode } from './annotations';
import { CommentNodeView } from './CommentNodeView';
import { GroupNodeView } from './GroupNodeView';
import { useAnnotatedNodes, useNodeChanges } from './use-annotated-nodes';
import { useCanvasOverlays } from './use-canvas-overlays';
import { CanvasModeContext, DagNodeView, type CanvasMode } from './DagNodeView';
import { DotsBackground } from './DotsBackground';
import { FarCanvas } from '../canvas/FarCanvas';
import { fitMinZoom, fitViewport, MIN_ZOOM } from './fit';
import { FlowEdgeView } from './FlowEdgeView';
import { MinimapButton } from './MinimapButton';
import { minimapFlag, usePanels, usePanelSizes } from './panel-layout';
import { kindOfNode } from './kinds';
import { COMPACT_BELOW_ZOOM, NODE_HEIGHT, NODE_WIDTH, type FlowEdge, type FlowNode } from './model';
import { DRAG_TYPE } from './Palette';
import type { PaletteItem } from './store';
import { useEditorStore, useEditorStoreApi } from './store-context';
import { useFitDag } from './use-fit-dag';

const nodeTypes: NodeTypes = {
  dag: DagNodeView,
  comment: CommentNodeView,
  nodegroup: GroupNodeView,
};
const edgeTypes: EdgeTypes = { default: FlowEdgeView };
const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
};
const minimapColor = (node: CanvasNode) =>
  node.type === 'dag'
    ? `var(--mantine-color-${kindColor[kindOfNode(node.data.spec)]}-5)`
    : 'transparent';

/**
 * The live view of a DAG this big is painted on the canvas at every zoom, full nodes near by
 * (far/draw-near.ts): there the DOM nodes cost a machine without a GPU frames while panning, and
 * the live view needs of them only what the canvas does too (click to inspect, drag, publish).
 * The designer keeps its DOM nodes near by, for their handles and fields.
 */
export const PAINT_LIVE_FROM_NODES = 200;
/** Up to this many edges, those carrying data show moving dashes (see CanvasMode). */
const MAX_ANIMATED_EDGES = 60;

/**
 * The items as React Flow gets them at the far level: hidden (it mounts nothing for them, and
 * still fits the view to them and clears their selection on a pane click). One hidden copy per
 * item, so a change to one node hands React Flow one new node.
 */
function hiddenCopies<T extends { hidden?: boolean }>(
  cache: WeakMap<T, T>,
  items: readonly T[],
): T[] {
  return items.map((item) => {
    let copy = cache.get(item);
    if (!copy) cache.set(item, (copy = { ...item, hidden: true }));
    return copy;
  });
}
const hiddenNodes = new WeakMap<FlowNode, FlowNode>();
const hiddenEdges = new WeakMap<FlowEdge, FlowEdge>();

/**
 * The view the designer's zoom to fit (use-fit-dag.ts) will show, from positions and estimated
 * sizes, for a canvas of `width` x `height`.
 */
function fittedViewport(nodes: readonly FlowNode[], width: number, height: number): Viewport {
  if (nodes.length === 0 || width === 0 || height === 0) return { x: 0, y: 0, zoom: 1 };
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + (n.measured?.width ?? NODE_WIDTH));
    bottom = Math.max(bottom, n.position.y + (n.measured?.height ?? NODE_HEIGHT.design));
  }
  const bounds = { x: left, y: top, width: right - left, height: bottom - top };
  return fitViewport(bounds, width, height, { minZoom: fitMinZoom(nodes.length) });
}

/** The React Flow canvas over the designer's store. */
export const Canvas = memo(function Canvas({ editable }: { editable: boolean }) {
  // The designer page builds a new mode object whenever it renders (the DAG list refreshes every
  // 2 s): handed on as is, it would re-render every node and edge each time, memo or not.
  const outer = useContext(CanvasModeContext);
  const designer = useEditorStoreApi();
  const edgeCount = useEditorStore((s) => s.edges.length);
  const animateEdges = outer.live && edgeCount <= MAX_ANIMATED_EDGES;
  const mode = useMemo<CanvasMode>(
    () => ({ live: outer.live, onPublish: outer.onPublish, animateEdges }),
    [outer.live, outer.onPublish, animateEdges],
  );
  // React Flow starts with the view already fitted, as the designer will fit it once the nodes
  // are measured. From the default view it would measure every node, unmount all but the few
  // shown there (it renders only what is visible), then mount them all again for the fitted view:
  // with 1,000 nodes, about a second of work before the DAG shows.
  const frame = useRef<HTMLDivElement>(null);
  const [initialViewport, setInitialViewport] = useState<Viewport>();
  useLayoutEffect(() => {
    const box = frame.current?.getBoundingClientRect();
    setInitialViewport(
      fittedViewport(designer.getState().nodes, box?.width ?? 0, box?.height ?? 0),
    );
  }, [designer]);
  // Far away (and in the live view of a big DAG, at every zoom) the canvas draws the DAG; React
  // Flow, from the first frame on (its store holds the default view until its pane starts),
  // draws nothing of it.
  const initialZoom = initialViewport?.zoom ?? 1;
  const far = useStore((s) => (s.panZoom ? s.transform[2] : initialZoom) < COMPACT_BELOW_ZOOM);
  const paintAll = useEditorStore((s) => outer.live && s.nodes.length >= PAINT_LIVE_FROM_NODES);
  const painted = far || paintAll;
  const storeNodes = useEditorStore((s) => s.nodes);
  const storeEdges = useEditorStore((s) => s.edges);
  // A drag on the far canvas changes the store's nodes once, on the drop (far/gestures.ts).
  const nodes = useMemo(
    () => (painted ? hiddenCopies(hiddenNodes, storeNodes) : storeNodes),
    [painted, storeNodes],
  );
  // Of the edges only the selected ones, for a pane click to clear: React Flow looks at every
  // edge it has on every change of the view (hidden or not, to find those in view), and mounts a
  // component with its own store subscriptions for each of those.
  const edges = useMemo(
    () =>
      painted
        ? hiddenCopies(
            hiddenEdges,
            storeEdges.filter((e) => e.selected),
          )
        : storeEdges,
    [painted, storeEdges],
  );
  // Comments and groups (kept in the DAG's `ui`) join the nodes; their changes go to the `ui`.
  const shownNodes = useAnnotatedNodes(nodes, painted, editable);
  const onNodesChange = useNodeChanges();
  const overlays = useCanvasOverlays(editable);
  const focusRequest = useEditorStore((s) => s.focusRequest);
  const { onEdgesChange, connect, addFromPalette, checkpoint } = designer.getState();
  const flow = useReactFlow<FlowNode>();
  const fit = useFitDag();
  const scheme = useComputedColorScheme('light');
  const minimapSize = usePanelSizes().minimap;
  const minimapShown = usePanels((s) => s[minimapFlag(storeNodes.length)]);
  const minimap = minimapShown ? minimapSize : null;

  useEffect(() => {
    if (!focusRequest) return;
    const node = flow.getNode(focusRequest.node);
    if (!node) return;
    const w = node.measured?.width ?? NODE_WIDTH;
    const h = node.measured?.height ?? NODE_HEIGHT.design;
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, {
      zoom: Math.max(flow.getZoom(), 1),
      duration: 300,
    });
  }, [focusRequest, flow]);

  const onDrop = (event: DragEvent) => {
    const raw = event.dataTransfer.getData(DRAG_TYPE);
    if (!raw || !editable) return;
    event.preventDefault();
    const item = JSON.parse(raw) as PaletteItem;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addFromPalette(item, { x: position.x - 95, y: position.y - 30 });
  };

  return (
    <CanvasModeContext.Provider value={mode}>
      <div ref={frame} style={{ width: '100%', height: '100%' }}>
        {overlays.element}
        {initialViewport && (
          <ReactFlow<CanvasNode, FlowEdge>
            nodes={shownNodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultEdgeOptions={defaultEdgeOptions}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            {...overlays.handlers}
            onConnect={editable ? connect : undefined}
            onNodeDragStart={editable ? checkpoint : undefined}
            onSelectionDragStart={editable ? checkpoint : undefined}
            nodesConnectable={editable}
            edgesReconnectable={false}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
            onDragOver={(e) => {
              if (!editable) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
            }}
            onDrop={onDrop}
            colorMode={scheme}
            minZoom={MIN_ZOOM}
            maxZoom={2.5}
            onlyRenderVisibleElements
            defaultViewport={initialViewport}
          >
            {painted && (
              <FarCanvas
                live={outer.live}
                editable={editable}
                scheme={scheme}
                onPublish={outer.onPublish}
              />
            )}
            <DotsBackground gap={16} />
            <Controls showInteractive={false} showFitView={false}>
              <ControlButton
                className="react-flow__controls-fitview"
                title="Fit view"
                aria-label="Fit view"
                onClick={() => fit({ animate: true, whole: true })}
              >
                <IconMaximize />
              </ControlButton>
              <MinimapButton />
            </Controls>
            {!painted && minimap && (
              <MiniMap<CanvasNode> nodeColor={minimapColor} pannable zoomable style={minimap} />
            )}
          </ReactFlow>
        )}
      </div>
    </CanvasModeContext.Provider>
  );
});
