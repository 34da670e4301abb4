import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext } from 'react';
import { formatCount, formatRate } from '../format';
import { useLive } from '../live/store';
import { kindColor } from '../theme';
import { docIndex } from './doc-index';
import { kindOfNode } from './kinds';
import type { FlowNode, NodeSpec } from './model';
import { useProblems } from './problems-store';
import { useDesigner } from './store';

export interface CanvasMode {
  live: boolean;
  /** Opens the publish dialog for a subscription node (admins, live view). */
  onPublish?: ((node: string) => void) | undefined;
}
export const CanvasModeContext = createContext<CanvasMode>({ live: false });

function useSubtitle(spec: NodeSpec): string {
  const doc = useDesigner((s) => s.doc);
  const index = docIndex(doc);
  switch (spec.type) {
    case 'SubscriptionNode':
      return String(
        index.subscribers.get(spec.config.subscriber)?.config.source ?? '⚠ no subscriber',
      );
    case 'PublicationNode':
      return spec.config.publishers
        .map((p) => String(index.publishers.get(p)?.config.destination ?? `⚠ ${p}`))
        .join(', ');
    case 'CalculationNode':
      return spec.config.calculator
        ? (index.calculators.get(spec.config.calculator)?.type ?? `⚠ ${spec.config.calculator}`)
        : 'merge only';
    default:
      return `every ${spec.config.interval_ms} ms`;
  }
}

function LiveLine({ name }: { name: string }) {
  const live = useLive((s) => s.nodes[name]);
  if (!live) return <div className="dag-node__live dag-node__live--none">no live data</div>;
  const connection =
    live.connection && live.connection.state !== 'connected' ? live.connection : null;
  return (
    <div className="dag-node__live" data-testid={`live-${name}`}>
      <span className={live.rate > 0 ? 'dot dot--on' : 'dot'} />
      <span title="messages per second">{formatRate(live.rate)}/s</span>
      <span title="compute count">#{formatCount(live.computeCount)}</span>
      {live.errorCount > 0 && (
        <span className="dag-node__errors" title="errors">
          ⚠ {formatCount(live.errorCount)}
        </span>
      )}
      {live.queue && (
        <span title="queue depth / max; drops">
          q {formatCount(live.queue.depth)}
          {live.queue.drops > 0 && (
            <b className="dag-node__errors"> ↓{formatCount(live.queue.drops)}</b>
          )}
        </span>
      )}
      {connection && (
        <span className="dag-node__errors" title={connection.error ?? connection.state}>
          {connection.state}
        </span>
      )}
    </div>
  );
}

/** One DAG node on the canvas: its kind, name and component, its problems, and live state. */
export const DagNodeView = memo(function DagNodeView({ data, selected }: NodeProps<FlowNode>) {
  const spec = data.spec;
  const kind = kindOfNode(spec);
  const mode = useContext(CanvasModeContext);
  const subtitle = useSubtitle(spec);
  const problems = useProblems((s) => s.byNode[spec.name]);
  const hasInput = spec.type === 'CalculationNode' || spec.type === 'PublicationNode';
  const hasOutput = spec.type !== 'PublicationNode';
  return (
    <div
      className={`dag-node${selected ? ' dag-node--selected' : ''}${problems?.length ? ' dag-node--problem' : ''}`}
      style={{ '--kind': `var(--mantine-color-${kindColor[kind]}-6)` } as React.CSSProperties}
      data-testid={`node-${spec.name}`}
      data-kind={kind}
    >
      {hasInput && <Handle type="target" position={Position.Left} />}
      <div className="dag-node__head">
        <span className="dag-node__kind">{kind}</span>
        {problems?.length ? (
          <span className="dag-node__badge" title={problems.map((p) => p.message).join('\n')}>
            {problems.length}
          </span>
        ) : null}
      </div>
      <div className="dag-node__name">{spec.name}</div>
      <div className="dag-node__sub" title={subtitle}>
        {subtitle}
      </div>
      {mode.live && <LiveLine name={spec.name} />}
      {mode.live && mode.onPublish && spec.type === 'SubscriptionNode' && (
        <button
          type="button"
          className="nodrag dag-node__action"
          aria-label={`Publish to ${spec.name}`}
          onClick={(e) => {
            e.stopPropagation();
            mode.onPublish?.(spec.name);
          }}
        >
          ▶ publish
        </button>
      )}
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
});
