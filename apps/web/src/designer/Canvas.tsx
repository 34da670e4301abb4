import '@xyflow/react/dist/style.css';
import './designer.css';
import { useComputedColorScheme } from '@mantine/core';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { useEffect, type DragEvent } from 'react';
import { kindColor } from '../theme';
import { DagNodeView } from './DagNodeView';
import { FlowEdgeView } from './FlowEdgeView';
import { kindOfNode } from './kinds';
import type { FlowEdge, FlowNode } from './model';
import { DRAG_TYPE } from './Palette';
import { useDesigner, type PaletteItem } from './store';

const nodeTypes: NodeTypes = { dag: DagNodeView };
const edgeTypes: EdgeTypes = { default: FlowEdgeView };
const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
};
const minimapColor = (node: FlowNode) =>
  `var(--mantine-color-${kindColor[kindOfNode(node.data.spec)]}-5)`;

/** The React Flow canvas over the designer's store. */
export function Canvas({ editable }: { editable: boolean }) {
  const nodes = useDesigner((s) => s.nodes);
  const edges = useDesigner((s) => s.edges);
  const focusRequest = useDesigner((s) => s.focusRequest);
  const { onNodesChange, onEdgesChange, connect, addFromPalette, checkpoint } =
    useDesigner.getState();
  const flow = useReactFlow<FlowNode>();
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    if (!focusRequest) return;
    const node = flow.getNode(focusRequest.node);
    if (!node) return;
    const w = node.measured?.width ?? 190;
    const h = node.measured?.height ?? 60;
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
    <ReactFlow<FlowNode, FlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
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
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements
    >
      <Background variant={BackgroundVariant.Dots} gap={16} />
      <Controls showInteractive={false} />
      <MiniMap<FlowNode> nodeColor={minimapColor} pannable zoomable />
    </ReactFlow>
  );
}
