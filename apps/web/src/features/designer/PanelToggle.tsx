import { ActionIcon, Tooltip } from '@mantine/core';
import {
  IconLayoutSidebarLeftCollapse,
  IconLayoutSidebarLeftExpand,
  IconLayoutSidebarRightCollapse,
  IconLayoutSidebarRightExpand,
} from '@tabler/icons-react';
import { usePanels, type PanelName } from './panel-layout';

const KEYS: Partial<Record<PanelName, string>> = { palette: '[', properties: ']', inspector: ']' };

/**
 * The button on the canvas's top corner that hides or shows the side panel on that side (the
 * palette on the left; the properties or the inspector on the right).
 */
export function PanelToggle({ panel, side }: { panel: PanelName; side: 'left' | 'right' }) {
  const shown = usePanels((s) => s[panel]);
  const toggle = usePanels((s) => s.toggle);
  const label = `${shown ? 'Hide' : 'Show'} ${panel}`;
  const Icon =
    side === 'left'
      ? shown
        ? IconLayoutSidebarLeftCollapse
        : IconLayoutSidebarLeftExpand
      : shown
        ? IconLayoutSidebarRightCollapse
        : IconLayoutSidebarRightExpand;
  return (
    <Tooltip label={`${label} (${KEYS[panel]})`} position={side === 'left' ? 'right' : 'left'}>
      <ActionIcon
        className={`panel-toggle panel-toggle--${side}`}
        variant="default"
        size="sm"
        aria-label={label}
        aria-expanded={shown}
        onClick={() => toggle(panel)}
      >
        <Icon size={16} />
      </ActionIcon>
    </Tooltip>
  );
}
