import { ScrollArea, Text } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { NodeTabs } from '../help/NodeTabs';
import { EdgePanel } from './properties/EdgePanel';
import type { PanelProps } from './properties/panel-props';
import { SettingsPanel } from './properties/SettingsPanel';
import { TransformerPanel } from './properties/TransformerPanel';
import { useEditorStore } from './store-context';

/** The right-hand panel: the selected node, edge or transformer; else the DAG's settings. */
export function PropertyPanel(props: PanelProps) {
  const selectedNodes = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)),
  );
  const selectedEdges = useEditorStore(
    useShallow((s) => s.edges.filter((e) => e.selected).map((e) => e.id)),
  );
  const transformerFocus = useEditorStore((s) => s.transformerFocus);
  let body;
  if (transformerFocus) body = <TransformerPanel name={transformerFocus} {...props} />;
  else if (selectedNodes.length === 1 && selectedEdges.length === 0)
    body = <NodeTabs key={selectedNodes[0]} id={selectedNodes[0]!} {...props} />;
  else if (selectedEdges.length === 1 && selectedNodes.length === 0)
    body = <EdgePanel id={selectedEdges[0]!} readOnly={props.readOnly} />;
  else if (selectedNodes.length + selectedEdges.length > 1)
    body = (
      <Text size="sm" c="dimmed">
        {selectedNodes.length} nodes and {selectedEdges.length} edges selected. Copy (Ctrl+C),
        delete (Del) or drag them together.
      </Text>
    );
  else body = <SettingsPanel {...props} />;
  return (
    <ScrollArea h="100%" p="sm" data-testid="property-panel">
      {body}
    </ScrollArea>
  );
}
