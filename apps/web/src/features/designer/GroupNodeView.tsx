import { ColorSwatch, Group, Menu } from '@mantine/core';
import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { GROUP_COLORS, MAX_GROUP_TITLE } from '@flow/shared';
import './annotations.css';
import { withGroupChanged, withoutGroup, type GroupNode } from './annotations';
import { useEditorStoreApi } from './store-context';

/**
 * A group: a coloured rectangle behind its members with its title; the title opens a menu to
 * rename, recolour or ungroup (editable canvases). The rectangle itself lets clicks through.
 */
export const GroupNodeView = memo(function GroupNodeView({ data }: NodeProps<GroupNode>) {
  const { group, editable } = data;
  const designer = useEditorStoreApi();
  const [title, setTitle] = useState<string | null>(null);
  const color = `var(--mantine-color-${group.color}-6)`;
  const edit = (patch: Parameters<typeof withGroupChanged>[2]) =>
    designer.getState().edit((s) => ({ doc: withGroupChanged(s.doc, group.id, patch) }));
  const rename = () => {
    if (title !== null && title.trim() !== group.title) edit({ title: title.trim() });
    setTitle(null);
  };

  const label = (
    <button
      type="button"
      className="flow-group__title nodrag"
      data-testid={`group-${group.id}`}
      aria-label={`Group ${group.title}`}
      onDoubleClick={() => editable && setTitle(group.title)}
    >
      {group.title || 'Untitled group'}
    </button>
  );

  return (
    <div className="flow-group" style={{ ['--group-color' as string]: color }}>
      {title !== null ? (
        <span className="flow-group__title nodrag">
          <input
            aria-label="Group title"
            autoFocus
            maxLength={MAX_GROUP_TITLE}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            onBlur={rename}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') rename();
              if (e.key === 'Escape') setTitle(null);
            }}
          />
        </span>
      ) : editable ? (
        <Menu position="bottom-start" withinPortal shadow="md">
          <Menu.Target>{label}</Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setTitle(group.title)}>Rename…</Menu.Item>
            <Menu.Label>Colour</Menu.Label>
            <Group gap={6} px="xs" pb={6}>
              {GROUP_COLORS.map((c) => (
                <ColorSwatch
                  key={c}
                  component="button"
                  type="button"
                  aria-label={`Colour ${c}`}
                  size={18}
                  color={`var(--mantine-color-${c}-6)`}
                  style={{ cursor: 'pointer', outline: c === group.color ? '2px solid' : 'none' }}
                  onClick={() => edit({ color: c })}
                />
              ))}
            </Group>
            <Menu.Divider />
            <Menu.Item
              color="red"
              onClick={() =>
                designer.getState().edit((s) => ({ doc: withoutGroup(s.doc, group.id) }))
              }
            >
              Ungroup
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : (
        label
      )}
    </div>
  );
});
