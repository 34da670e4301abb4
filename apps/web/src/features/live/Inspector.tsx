import 'react-json-view-lite/dist/index.css';
import {
  Badge,
  Button,
  Code,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  useComputedColorScheme,
} from '@mantine/core';
import { useState } from 'react';
import {
  allExpanded,
  collapseAllNested,
  darkStyles,
  defaultStyles,
  JsonView,
} from 'react-json-view-lite';
import { formatCount, formatRate } from '../../format';
import { docIndex } from '../designer/doc-index';
import { useEditorStore } from '../designer/store-context';
import { TypeBadge } from '../designer/TypeBadge';
import { shownRate } from './rate-history';
import { RateSparkline } from './RateSparkline';
import { useLive } from './store';

/** Formatted, collapsible JSON, or the raw text. */
export function JsonBlock({ value, testId }: { value: unknown; testId: string }) {
  const scheme = useComputedColorScheme('light');
  const [raw, setRaw] = useState(false);
  if (value === undefined)
    return (
      <Text size="xs" c="dimmed" data-testid={testId}>
        nothing yet
      </Text>
    );
  const big = JSON.stringify(value).length > 2000;
  return (
    <Stack gap={4}>
      <SegmentedControl
        size="xs"
        w={120}
        data={['tree', 'raw']}
        value={raw ? 'raw' : 'tree'}
        onChange={(v) => setRaw(v === 'raw')}
      />
      <div data-testid={testId} data-json={JSON.stringify(value)} style={{ fontSize: 12 }}>
        {raw || typeof value !== 'object' || value === null ? (
          <Code block>{JSON.stringify(value, null, 2)}</Code>
        ) : (
          <JsonView
            data={value as object}
            shouldExpandNode={big ? collapseAllNested : allExpanded}
            style={scheme === 'dark' ? darkStyles : defaultStyles}
          />
        )}
      </div>
    </Stack>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p={6} data-testid={testId}>
      <Text size="10px" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Paper>
  );
}

/** A live node's state: its numbers, its last input and output, and its last errors. */
export function Inspector({
  node,
  onPublish,
}: {
  node: string | null;
  onPublish?: ((node: string) => void) | undefined;
}) {
  const live = useLive((s) => (node ? s.nodes[node] : undefined));
  // The rate the node on the canvas shows too (its figures carry it: live/store.ts).
  const rate = useLive((s) => (live ? shownRate(s.rates, live) : 0));
  // A calculation node reads as its calculator (`Addition`), as on the canvas.
  const calculator = useEditorStore((s) => {
    const spec = node ? s.nodes.find((n) => n.id === node)?.data.spec : undefined;
    if (spec?.type !== 'CalculationNode' || !spec.config.calculator) return undefined;
    return docIndex(s.doc).calculators.get(spec.config.calculator)?.type;
  });
  // The live stream carries a node's input, output and errors only for the node inspected: just
  // after a click they are on their way.
  const errors = live?.errors;
  if (!node)
    return (
      <Text size="sm" c="dimmed" p="sm">
        Click a node to inspect its live input, output and errors.
      </Text>
    );
  if (!live)
    return (
      <Text size="sm" c="dimmed" p="sm">
        No live data for {node} yet.
      </Text>
    );
  return (
    <ScrollArea h="100%" p="sm" data-testid="inspector">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>{live.name}</Title>
          <TypeBadge
            type={calculator ?? live.type}
            tooltip={calculator ? `${live.type} · ${calculator}` : undefined}
            testId="inspector-type"
          />
        </Group>
        {onPublish && live.type === 'SubscriptionNode' && (
          <Button onClick={() => onPublish(live.name)}>Publish a test message…</Button>
        )}
        <SimpleGrid cols={3} spacing={6}>
          <Stat
            label={live.filteredCount !== undefined ? 'passed' : 'computed'}
            value={formatCount(live.computeCount)}
          />
          {live.filteredCount !== undefined && (
            <Stat label="filtered" value={formatCount(live.filteredCount)} />
          )}
          <Stat label="rate" value={`${formatRate(rate)}/s`} testId="inspector-rate" />
          <Stat label="errors" value={formatCount(live.errorCount)} />
          {live.queue && (
            <Stat label="queue" value={`${live.queue.depth}/${live.queue.maxDepth}`} />
          )}
          {live.queue && <Stat label="drops" value={formatCount(live.queue.drops)} />}
          {live.connection && <Stat label="connection" value={live.connection.state} />}
          <Stat label="dirty" value={live.dirty ? 'yes' : 'no'} />
          <Stat
            label="last compute"
            value={live.lastComputeAt ? new Date(live.lastComputeAt).toLocaleTimeString() : '—'}
          />
        </SimpleGrid>
        <RateSparkline node={live.name} />
        {live.connection?.error && (
          <Text size="xs" c="red">
            {live.connection.error}
          </Text>
        )}
        {live.publishers?.map((p) => (
          <Text size="xs" key={p.name}>
            {p.name}: {formatCount(p.published)} published, {formatCount(p.failures)} failures
          </Text>
        ))}
        {errors === undefined ? (
          <Text size="sm" c="dimmed">
            Fetching its input, output and errors…
          </Text>
        ) : (
          <>
            <Title order={6}>Input</Title>
            <JsonBlock value={live.input} testId="inspector-input" />
            <Title order={6}>Output</Title>
            <JsonBlock value={live.output} testId="inspector-output" />
            <Title order={6}>
              Errors and warnings{' '}
              <Badge
                size="xs"
                color={
                  errors.some((e) => e.level === 'error')
                    ? 'red'
                    : errors.length
                      ? 'yellow'
                      : 'gray'
                }
              >
                {errors.length}
              </Badge>
            </Title>
            {errors.length === 0 && (
              <Text size="xs" c="dimmed">
                None.
              </Text>
            )}
            {[...errors].reverse().map((issue, i) => (
              <Paper key={i} withBorder p="xs" data-testid="inspector-error">
                <Group gap="xs">
                  <Badge size="xs" color={issue.level === 'error' ? 'red' : 'yellow'}>
                    {issue.level}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {new Date(issue.time).toLocaleString()}
                  </Text>
                </Group>
                <Text size="sm">{issue.message}</Text>
                {issue.input !== undefined && (
                  <>
                    <Text size="xs" c="dimmed">
                      input that caused it:
                    </Text>
                    <JsonBlock value={issue.input} testId="inspector-error-input" />
                  </>
                )}
              </Paper>
            ))}
          </>
        )}
      </Stack>
    </ScrollArea>
  );
}
