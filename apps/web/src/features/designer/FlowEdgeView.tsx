import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { useLive } from '../live/store';
import { CanvasModeContext } from './DagNodeView';
import type { FlowEdge } from './model';

/**
 * An edge: its transformer as a label; in the live view, green while data flows along it, with
 * moving dashes in DAGs small enough to afford them (CanvasMode.animateEdges).
 */
export const FlowEdgeView = memo(function FlowEdgeView(props: EdgeProps<FlowEdge>) {
  const { live, animateEdges } = useContext(CanvasModeContext);
  const active = useLive((s) => live && (s.nodes[props.source]?.rate ?? 0) > 0);
  const [path, labelX, labelY] = getBezierPath(props);
  const transformer = props.data?.spec.transformer;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        className={
          active
            ? animateEdges
              ? 'flow-edge--active flow-edge--moving'
              : 'flow-edge--active'
            : undefined
        }
        interactionWidth={16}
      />
      {transformer && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan"
            style={{
              position: 'absolute',
              transform: `translate(-50%, -50%) translate(${labelX}px,${labelY}px)`,
              fontSize: 10,
              padding: '1px 6px',
              borderRadius: 4,
              background: 'var(--mantine-color-grape-light)',
              color: 'var(--mantine-color-grape-light-color)',
              pointerEvents: 'all',
            }}
          >
            ⇢ {transformer}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
