import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { sinkNodeTypes, sourceNodeTypes } from '@flow/shared';
import { createContext, memo, useContext, useRef, type ReactNode } from 'react';
import { useLive } from '../live/store';
import { kindColor } from '../../theme';
import { kindOfNode } from './kinds';
import { COMPACT_BELOW_ZOOM, type FlowNode, type NodeSpec } from './model';
import { NodeKind } from './NodeKind';
import { liveLine, sameLiveLine, subtitle, type LiveLineText } from './node-text';
import { useProblems } from './problems-store';
import { useEditorStore } from './store-context';

export interface CanvasMode {
  live: boolean;
  /** Opens the publish dialog for a subscription node (admins, live view). */
  onPublish?: ((node: string) => void) | undefined;
  /**
   * Whether the dashes of edges carrying data move. Each step of that animation repaints every
   * visible active edge: cheap for a pipeline of a few dozen nodes, and with hundreds the one
   * thing that keeps a machine without a GPU from drawing 60 frames a second; big DAGs show
   * data flowing by colour alone.
   */
  animateEdges?: boolean;
}
export const CanvasModeContext = createContext<CanvasMode>({ live: false });

const compactSelector = (s: ReactFlowState) => s.transform[2] < COMPACT_BELOW_ZOOM;

/** The node's subtitle: the node re-renders when its own subtitle changes, not on every edit. */
function useSubtitle(spec: NodeSpec): string {
  return useEditorStore((s) => subtitle(spec, s.doc));
}

/** A node's live line as shown: the line re-renders when its text changes, not on every update. */
function useLiveView(name: string): LiveLineText | null {
  const last = useRef<LiveLineText | null>(null);
  return useLive((s) => {
    const details = s.nodes[name];
    if (!details) return (last.current = null);
    const view = liveLine(details, s.figures[name]);
    if (!last.current || !sameLiveLine(last.current, view)) last.current = view;
    return last.current;
  });
}

/** The compact node's status: `on` while data flows, `error` once the node has errors. */
function useLiveStatus(name: string): string {
  return useLive((s) => {
    const details = s.nodes[name];
    if (!details) return 'dot';
    return `dot${details.rate > 0 ? ' dot--on' : ''}${details.errorCount > 0 ? ' dot--error' : ''}`;
  });
}

function LiveDot({ name }: { name: string }) {
  return <span className={useLiveStatus(name)} data-testid={`live-${name}`} />;
}

function LiveLine({ name }: { name: string }) {
  const live = useLiveView(name);
  if (!live) return <div className="dag-node__live dag-node__live--none">no live data</div>;
  return (
    <div className="dag-node__live" data-testid={`live-${name}`}>
      <span className={live.on ? 'dot dot--on' : 'dot'} />
      <span title="messages per second" data-testid={`rate-${name}`}>
        {live.rate}/s
      </span>
      <span title={live.filtered !== null ? 'passed the condition' : 'compute count'}>
        #{live.count}
      </span>
      {live.filtered !== null && (
        <span title="filtered out (condition false)">⊘{live.filtered}</span>
      )}
      {live.errors !== null && (
        <span className="dag-node__errors" title="errors" data-testid={`errors-${name}`}>
          ✖ {live.errors}
        </span>
      )}
      {live.warnings !== null && (
        <span
          className="dag-node__warnings"
          title="warnings: the inspector lists them"
          data-testid={`warnings-${name}`}
        >
          ⚠ {live.warnings}
        </span>
      )}
      {live.queue !== null && (
        <span title="queue depth / max; drops">
          q {live.queue}
          {live.drops !== null && <b className="dag-node__errors"> ↓{live.drops}</b>}
        </span>
      )}
      {live.connection !== null && (
        <span className="dag-node__errors" title={live.connectionTitle ?? undefined}>
          {live.connection}
        </span>
      )}
    </div>
  );
}

/** One DAG node on the canvas: its kind, name and component, its problems, and live state. */
export const DagNodeView = memo(function DagNodeView(props: NodeProps<FlowNode>) {
  const compact = useStore(compactSelector);
  return compact ? <CompactNode {...props} /> : <FullNode {...props} />;
});

/** A node's box, the same at every zoom: its classes, kind colour and test id. */
function NodeBox({
  spec,
  variant,
  selected,
  live,
  title,
  children,
}: {
  spec: NodeSpec;
  variant: 'full' | 'compact';
  selected: boolean;
  live: boolean;
  title?: string;
  children: ReactNode;
}) {
  const kind = kindOfNode(spec);
  const problems = useProblems((s) => s.byNode[spec.name]);
  const className = [
    'dag-node',
    variant === 'compact' && 'dag-node--compact',
    live && 'dag-node--live',
    selected && 'dag-node--selected',
    problems?.length && 'dag-node--problem',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={className}
      style={{ '--kind': `var(--mantine-color-${kindColor[kind]}-6)` } as React.CSSProperties}
      data-testid={`node-${spec.name}`}
      data-kind={kind}
      title={title}
    >
      {children}
      <NodeHandles spec={spec} />
    </div>
  );
}

function NodeHandles({ spec }: { spec: NodeSpec }) {
  const isSource = sourceNodeTypes.includes(spec.type);
  const isSink = sinkNodeTypes.includes(spec.type);
  return (
    <>
      {!isSource && <Handle type="target" position={Position.Left} />}
      {!isSink && <Handle type="source" position={Position.Right} />}
    </>
  );
}

function FullNode({ data, selected }: NodeProps<FlowNode>) {
  const spec = data.spec;
  const mode = useContext(CanvasModeContext);
  const subtitle = useSubtitle(spec);
  const problems = useProblems((s) => s.byNode[spec.name]);
  return (
    <NodeBox spec={spec} variant="full" selected={selected} live={mode.live}>
      <div className="dag-node__head">
        <NodeKind spec={spec} />
        {problems?.length ? (
          <span className="dag-node__badge" title={problems.map((p) => p.message).join('\n')}>
            {problems.length}
          </span>
        ) : null}
        {mode.live && mode.onPublish && spec.type === 'SubscriptionNode' && (
          <button
            type="button"
            className="nodrag dag-node__action"
            aria-label={`Publish to ${spec.name}`}
            title="Publish a test message"
            onClick={(e) => {
              e.stopPropagation();
              mode.onPublish?.(spec.name);
            }}
          >
            ▶ publish
          </button>
        )}
      </div>
      <div className="dag-node__name">{spec.name}</div>
      <div className="dag-node__sub" title={subtitle}>
        {subtitle}
      </div>
      {mode.live && <LiveLine name={spec.name} />}
    </NodeBox>
  );
}

/** The node far away: same box, its name large, a status dot; no live figures. */
function CompactNode({ data, selected }: NodeProps<FlowNode>) {
  const spec = data.spec;
  const { live } = useContext(CanvasModeContext);
  return (
    <NodeBox spec={spec} variant="compact" selected={selected} live={live} title={spec.name}>
      <div className="dag-node__name">{spec.name}</div>
      {live && <LiveDot name={spec.name} />}
    </NodeBox>
  );
}
