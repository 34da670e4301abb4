import {
  ActionIcon,
  Badge,
  Group,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconHelp, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { kindColor, type Kind } from '../../theme';
import type { CatalogEntry } from '../../trpc';
import { typeIcon } from './icons';
import { HelpModal } from '../help/HelpModal';
import type { PaletteItem } from './store';

export const DRAG_TYPE = 'application/x-flow-palette';

interface Entry extends PaletteItem {
  readonly label: string;
  readonly description: string;
  readonly plugin: boolean;
  /** The catalog's entry, for the help (none for the node types drawn without a component). */
  readonly entry?: CatalogEntry;
}

const groups: { kind: Kind; title: string }[] = [
  { kind: 'subscriber', title: 'Subscribers' },
  { kind: 'calculator', title: 'Calculators' },
  { kind: 'transformer', title: 'Transformers' },
  { kind: 'publisher', title: 'Publishers' },
  { kind: 'timer', title: 'Timers' },
  { kind: 'sink', title: 'Sinks' },
];

export function entriesOf(catalog: readonly CatalogEntry[]): Entry[] {
  const out: Entry[] = catalog.map((e) => ({
    kind: e.kind === 'subscriber' && e.type === 'metronome' ? 'timer' : e.kind,
    type: e.type,
    defaults: (e.defaults ?? {}) as Record<string, unknown>,
    ...(e.address === undefined ? {} : { address: e.address }),
    label:
      e.kind === 'subscriber' || e.kind === 'publisher'
        ? e.type.includes('://')
          ? e.type
          : `${e.type}://`
        : e.type.replace(/(Data)?(Calculator|Transformer)$/, ''),
    description: e.description,
    plugin: e.plugin,
    entry: e,
  }));
  out.push({
    kind: 'timer',
    type: 'MetronomeNode',
    defaults: {},
    label: 'Metronome node',
    description: 'a node that emits a tick every interval, without a subscriber',
    plugin: false,
  });
  out.push(
    {
      kind: 'sink',
      type: 'PublisherSinkNode',
      defaults: {},
      label: 'Publisher sink node',
      description: "publishes each incoming edge's data when that edge's data changed",
      plugin: false,
    },
    {
      kind: 'sink',
      type: 'SinkNode',
      defaults: {},
      label: 'Sink node',
      description: 'ends a branch: takes inputs, computes nothing',
      plugin: false,
    },
  );
  return out;
}

function PaletteLabel({ item }: { item: Entry }) {
  const Icon = typeIcon(item.kind, item.type);
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={14} color={`var(--mantine-color-${kindColor[item.kind]}-6)`} aria-hidden="true" />
      <span>{item.label}</span>
    </Group>
  );
}

/** What the canvas is given of an entry: not its catalog entry (the help's). */
function paletteItem({ entry: _entry, ...item }: Entry): PaletteItem {
  return item;
}

/** Component types grouped by kind, with search; drag one onto the canvas (or click to add). */
export function Palette({
  catalog,
  onAdd,
}: {
  catalog: readonly CatalogEntry[] | undefined;
  onAdd: (item: PaletteItem) => void;
}) {
  const [query, setQuery] = useState('');
  const [help, setHelp] = useState<CatalogEntry>();
  const entries = useMemo(() => entriesOf(catalog ?? []), [catalog]);
  const q = query.trim().toLowerCase();
  const shown = entries.filter(
    (e) =>
      !q ||
      e.label.toLowerCase().includes(q) ||
      e.description.toLowerCase().includes(q) ||
      e.kind.includes(q),
  );
  return (
    <Stack gap={0} h="100%">
      <TextInput
        m="xs"
        size="xs"
        placeholder="Search components"
        aria-label="Search components"
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      <ScrollArea style={{ flex: 1 }} px="xs" pb="xs">
        {groups.map(({ kind, title }) => {
          const items = shown.filter((e) => e.kind === kind);
          if (items.length === 0) return null;
          return (
            <Stack key={kind} gap={2} mb="sm">
              <Text size="xs" fw={700} tt="uppercase" c={`${kindColor[kind]}.7`}>
                {title}
              </Text>
              {items.map((item) => (
                <Tooltip key={item.type} label={item.description} position="right" openDelay={400}>
                  <UnstyledButton
                    className="palette-item"
                    draggable
                    data-testid={`palette-${item.kind}-${item.type}`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(paletteItem(item)));
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onDoubleClick={() => onAdd(paletteItem(item))}
                    onKeyDown={(e) => e.key === 'Enter' && onAdd(paletteItem(item))}
                    px={8}
                    py={4}
                    style={{
                      borderRadius: 4,
                      borderLeft: `3px solid var(--mantine-color-${kindColor[kind]}-6)`,
                      background: 'var(--mantine-color-default)',
                      fontSize: 12,
                    }}
                  >
                    <Group gap={4} justify="space-between" wrap="nowrap">
                      <PaletteLabel item={item} />
                      <Group gap={2} wrap="nowrap">
                        {item.plugin && (
                          <Badge size="xs" variant="outline">
                            plugin
                          </Badge>
                        )}
                        {item.entry && (
                          <PaletteHelpButton
                            entry={item.entry}
                            label={item.label}
                            onOpen={setHelp}
                          />
                        )}
                      </Group>
                    </Group>
                  </UnstyledButton>
                </Tooltip>
              ))}
            </Stack>
          );
        })}
        {shown.length === 0 && (
          <Text size="xs" c="dimmed">
            Nothing matches “{query}”.
          </Text>
        )}
      </ScrollArea>
      <HelpModal entry={help} onClose={() => setHelp(undefined)} />
    </Stack>
  );
}

/** The "?" of a palette entry: opens the component's help (and neither drags nor adds it). */
function PaletteHelpButton({
  entry,
  label,
  onOpen,
}: {
  entry: CatalogEntry;
  label: string;
  onOpen: (entry: CatalogEntry) => void;
}) {
  return (
    <ActionIcon
      component="span"
      role="button"
      tabIndex={0}
      size="xs"
      variant="subtle"
      color="gray"
      aria-label={`Help on ${label}`}
      data-testid={`palette-help-${entry.kind}-${entry.type}`}
      draggable={false}
      onDragStart={(e) => e.preventDefault()}
      onDoubleClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter' || e.key === ' ') onOpen(entry);
      }}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(entry);
      }}
    >
      <IconHelp size={14} />
    </ActionIcon>
  );
}
