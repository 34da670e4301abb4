import { Badge, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { shownValue, type DiffStatus, type FieldChange, type VersionDiff } from './version-diff';

const statusColor: Record<DiffStatus, string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
};

const SECTION_LABEL = {
  subscribers: 'subscriber',
  publishers: 'publisher',
  calculators: 'calculator',
  transformers: 'transformer',
} as const;

function Status({ status }: { status: DiffStatus }) {
  return (
    <Badge size="xs" variant="light" color={statusColor[status]} w={72}>
      {status}
    </Badge>
  );
}

/** "config.arguments: ["a","b"] → ["a","c"]" lines under an item. */
function Changes({ changes }: { changes: readonly FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <Stack gap={2} pl={80} pt={2}>
      {changes.map((c) => (
        <Group key={c.path} gap={8} wrap="nowrap" fz="xs" data-testid={`change-${c.path}`}>
          <Code>{c.path || '(value)'}</Code>
          <Text span size="xs" c="red.7" td="line-through" title={shownValue(c.before, 2000)}>
            {shownValue(c.before)}
          </Text>
          <Text span size="xs" c="dimmed">
            →
          </Text>
          <Text span size="xs" c="green.8" title={shownValue(c.after, 2000)}>
            {shownValue(c.after)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function Section({
  title,
  children,
  count,
}: {
  title: string;
  children: ReactNode;
  count: number;
}) {
  if (count === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={6}>
        {title} ({count})
      </Title>
      {children}
    </Stack>
  );
}

function Row({
  status,
  label,
  detail,
  changes,
  testId,
}: {
  status: DiffStatus;
  label: string;
  detail?: string | undefined;
  changes: readonly FieldChange[];
  testId: string;
}) {
  return (
    <Stack gap={0} data-testid={testId} data-status={status}>
      <Group gap="xs" wrap="nowrap">
        <Status status={status} />
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {detail && (
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        )}
      </Group>
      <Changes changes={changes} />
    </Stack>
  );
}

/** A version diff as lists: nodes, components, edges and settings, each with what changed. */
export function VersionDiffView({ diff }: { diff: VersionDiff }) {
  if (diff.same)
    return (
      <Text size="sm" c="dimmed" data-testid="diff-same">
        The two versions are the same.
      </Text>
    );
  return (
    <Stack gap="md" data-testid="version-diff">
      <Section title="Nodes" count={diff.nodes.length}>
        {diff.nodes.map((n) => (
          <Row
            key={n.name}
            status={n.status}
            label={n.name}
            detail={n.type}
            changes={n.changes}
            testId={`diff-node-${n.name}`}
          />
        ))}
      </Section>
      <Section title="Components" count={diff.components.length}>
        {diff.components.map((c) => (
          <Row
            key={`${c.section}/${c.name}`}
            status={c.status}
            label={c.name}
            detail={[SECTION_LABEL[c.section], c.type].filter(Boolean).join(' · ')}
            changes={c.changes}
            testId={`diff-${SECTION_LABEL[c.section]}-${c.name}`}
          />
        ))}
      </Section>
      <Section title="Edges" count={diff.edges.length}>
        {diff.edges.map((e) => (
          <Row
            key={e.key}
            status={e.status}
            label={e.key}
            changes={e.changes}
            testId={`diff-edge-${e.key}`}
          />
        ))}
      </Section>
      <Section title="DAG settings" count={diff.settings.length}>
        <Changes changes={diff.settings} />
      </Section>
      {diff.layoutChanged && (
        <Text size="xs" c="dimmed">
          The layout on the canvas changed too.
        </Text>
      )}
    </Stack>
  );
}
