import { ControlButton } from '@xyflow/react';
import { IconMap, IconMapOff } from '@tabler/icons-react';
import { usePanels } from './panel-layout';

/** The canvas controls' button that hides or shows the minimap (key M). */
export function MinimapButton() {
  const shown = usePanels((s) => s.minimap);
  const toggle = usePanels((s) => s.toggle);
  const label = `${shown ? 'Hide' : 'Show'} minimap`;
  return (
    <ControlButton onClick={() => toggle('minimap')} aria-label={label} title={`${label} (M)`}>
      {shown ? <IconMapOff /> : <IconMap />}
    </ControlButton>
  );
}
