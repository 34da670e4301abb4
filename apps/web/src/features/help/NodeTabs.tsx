import { Tabs } from '@mantine/core';
import { useState } from 'react';
import { NodePanel } from '../designer/properties/NodePanel';
import type { PanelProps } from '../designer/properties/panel-props';
import { useEditorStore } from '../designer/store-context';
import { NodeHelp } from './NodeHelp';

/** A selected node in the property panel: its properties, and a Help tab beside them. */
export function NodeTabs({ id, ...props }: PanelProps & { id: string }) {
  const [tab, setTab] = useState<string | null>('properties');
  const spec = useEditorStore((s) => s.nodes.find((n) => n.id === id)?.data.spec);
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="sm">
        <Tabs.Tab value="properties">Properties</Tabs.Tab>
        <Tabs.Tab value="help">Help</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="properties">
        <NodePanel id={id} {...props} />
      </Tabs.Panel>
      <Tabs.Panel value="help">
        {spec && <NodeHelp spec={spec} catalog={props.catalog} />}
      </Tabs.Panel>
    </Tabs>
  );
}
