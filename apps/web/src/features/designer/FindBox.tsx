import { Badge, Group, Paper, ScrollArea, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { findNodes } from './find';
import { useEditorStore, useEditorStoreApi } from './store-context';

/**
 * The canvas's search (Ctrl+F), as Node-RED's: a box over the canvas listing the nodes whose
 * name, type or config matches, with where; Up/Down move, Enter or a click selects the node,
 * centres the view on it and shows its properties; Esc closes.
 */
export function FindBox({ onClose }: { onClose: () => void }) {
  const designer = useEditorStoreApi();
  const doc = useEditorStore((s) => s.doc);
  const nodes = useEditorStore((s) => s.nodes);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => findNodes({ doc, nodes }, query), [doc, nodes, query]);

  const pick = (name: string) => {
    designer.getState().focusNode(name);
    onClose();
  };

  return (
    <Paper
      shadow="md"
      withBorder
      p={6}
      w={420}
      maw="calc(100% - 24px)"
      role="dialog"
      aria-label="Find a node"
      data-testid="find-box"
      style={{
        position: 'absolute',
        top: 10,
        left: '50%',
        transform: 'translateX(-50%)',
        zIndex: 20,
      }}
    >
      <TextInput
        autoFocus
        size="sm"
        leftSection={<IconSearch size={16} />}
        placeholder="Find a node by name, type or config value"
        aria-label="Find a node"
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
          else if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && hits[active]) pick(hits[active].name);
        }}
        onBlur={(e) => {
          // A click on a result moves the focus into the box: not a reason to close.
          if (!e.currentTarget.closest('[data-testid="find-box"]')?.contains(e.relatedTarget))
            onClose();
        }}
      />
      {query.trim() && (
        <ScrollArea.Autosize mah={280} mt={6}>
          {hits.length === 0 && (
            <Text size="sm" c="dimmed" px={6} py={4}>
              No node matches.
            </Text>
          )}
          <div role="listbox" aria-label="Nodes found">
            {hits.map((hit, i) => (
              <UnstyledButton
                key={hit.name}
                role="option"
                aria-selected={i === active}
                data-testid="find-result"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(hit.name)}
                onMouseEnter={() => setActive(i)}
                w="100%"
                px={6}
                py={4}
                style={{
                  borderRadius: 4,
                  background: i === active ? 'var(--mantine-color-default-hover)' : undefined,
                }}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm" fw={600} truncate>
                    {hit.name}
                  </Text>
                  <Badge size="xs" variant="light" color="gray" style={{ flex: 'none' }}>
                    {hit.type}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {hit.where === 'name' || hit.where === 'type'
                    ? `matched its ${hit.where}`
                    : hit.where}
                </Text>
              </UnstyledButton>
            ))}
          </div>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}
