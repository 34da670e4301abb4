import { kindOfNode } from './kinds';
import { nodeIconType, typeIcon } from './icons';
import type { NodeSpec } from './model';
import { headLabel } from './node-text';
import { useEditorStore } from './store-context';

/**
 * The head of a node: its icon and what it is (`Addition`, `Subscriber`), in its kind's colour;
 * the internal type names in the tooltip. Re-renders when those change, not on every edit.
 */
export function NodeKind({ spec }: { spec: NodeSpec }) {
  const label = useEditorStore((s) => headLabel(spec, s.doc).label);
  const types = useEditorStore((s) => headLabel(spec, s.doc).types);
  const iconType = useEditorStore((s) => nodeIconType(spec, s.doc));
  const Icon = typeIcon(kindOfNode(spec), iconType);
  return (
    <span className="dag-node__kind" title={types} data-testid={`kind-${spec.name}`}>
      <Icon size={13} stroke={2} aria-hidden="true" />
      <span className="dag-node__kind-label">{label}</span>
    </span>
  );
}
