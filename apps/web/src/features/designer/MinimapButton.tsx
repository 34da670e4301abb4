import { ControlButton } from '@xyflow/react';
import { IconMap, IconMapOff } from '@tabler/icons-react';
import { minimapFlag, usePanels } from './panel-layout';
import { useEditorStore } from './store-context';

/** The canvas controls' button that hides or shows the minimap (key M). */
export function MinimapButton() {
  const flag = useEditorStore((s) => minimapFlag(s.nodes.length));
  const shown = usePanels((s) => s[flag]);
  const toggle = usePanels((s) => s.toggle);
  const label = `${shown ? 'Hide' : 'Show'} minimap`;
  return (
    <ControlButton onClick={() => toggle(flag)} aria-label={label} title={`${label} (M)`}>
      {shown ? <IconMapOff /> : <IconMap />}
    </ControlButton>
  );
}
