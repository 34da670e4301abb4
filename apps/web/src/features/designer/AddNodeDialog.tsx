import { Badge, Group, Modal, ScrollArea, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { kindColor } from '../../theme';
import { useCatalog } from './catalog';
import { entriesOf } from './Palette';
import type { PaletteItem } from './store';

/** The palette as a search (the context menu's "Add node…"): Enter or a click adds the first. */
export function AddNodeDialog({
  onClose,
  onPick,
}: {
  onClose: () => void;
  onPick: (item: PaletteItem) => void;
}) {
  const catalog = useCatalog();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const entries = useMemo(() => entriesOf(catalog.data ?? []), [catalog.data]);
  const q = query.trim().toLowerCase();
  const shown = entries.filter(
    (e) =>
      !q ||
      e.label.toLowerCase().includes(q) ||
      e.type.toLowerCase().includes(q) ||
      e.description.toLowerCase().includes(q) ||
      e.kind.includes(q),
  );
  const pick = (item: PaletteItem) => {
    onClose();
    onPick(item);
  };
  return (
    <Modal opened onClose={onClose} title="Add a node" size="md">
      <TextInput
        data-autofocus
        leftSection={<IconSearch size={16} />}
        placeholder="Search components"
        aria-label="Search components"
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, shown.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && shown[active]) pick(shown[active]);
        }}
      />
      <ScrollArea.Autosize mah={360} mt="xs">
        {shown.map((e, i) => (
          <UnstyledButton
            key={`${e.kind}-${e.type}`}
            data-testid={`add-node-${e.kind}-${e.type}`}
            w="100%"
            px={8}
            py={4}
            onClick={() => pick(e)}
            onMouseEnter={() => setActive(i)}
            style={{
              borderRadius: 4,
              borderLeft: `3px solid var(--mantine-color-${kindColor[e.kind]}-6)`,
              background: i === active ? 'var(--mantine-color-default-hover)' : undefined,
            }}
          >
            <Group gap={6} justify="space-between" wrap="nowrap">
              <Text size="sm">{e.label}</Text>
              <Badge size="xs" variant="light" color={kindColor[e.kind]}>
                {e.kind}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {e.description}
            </Text>
          </UnstyledButton>
        ))}
        {shown.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing matches “{query}”.
          </Text>
        )}
      </ScrollArea.Autosize>
    </Modal>
  );
}
