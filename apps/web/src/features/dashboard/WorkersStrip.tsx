import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { WorkerStatus } from '@flow/shared';
import { useTRPC } from '../../trpc';
import {
  formatPercent,
  heapFraction,
  heapText,
  loadColor,
  placementText,
  restartsText,
} from './worker-view';

/**
 * One compact card per worker thread (server.status `workers`), refreshed every 2 s like the DAG
 * list: its DAGs, event-loop utilisation, heap and restarts. Nothing when DAGs run in the server's
 * own thread (DAG_WORKERS=0).
 */
export function WorkersStrip() {
  const trpc = useTRPC();
  const status = useQuery(trpc.server.status.queryOptions(undefined, { refetchInterval: 2_000 }));
  const workers = status.data?.workers ?? [];
  if (workers.length === 0) return null;
  return (
    <Stack gap={6} data-testid="workers">
      <Group gap="xs" align="baseline">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Workers
        </Text>
        <Text size="xs" c="dimmed">
          Each DAG runs in one worker thread: a stuck or memory-hungry DAG fails alone.
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
        {workers.map((w) => (
          <WorkerCard key={w.id} worker={w} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function WorkerCard({ worker: w }: { worker: WorkerStatus }) {
  const elu = w.eventLoopUtilization;
  const heap = heapFraction(w);
  return (
    <Paper withBorder px="sm" py={8} data-testid={`worker-${w.id}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          Worker {w.id}
        </Text>
        {w.restarts > 0 ? (
          <Tooltip
            label="Times this worker's thread was replaced: a DAG ran too long, ran out of heap, or the thread crashed."
            multiline
            maw={280}
            withArrow
          >
            <Badge
              color="orange"
              variant="light"
              size="sm"
              tt="none"
              style={{ flexShrink: 0, cursor: 'help' }}
              data-testid="worker-restarts"
            >
              {restartsText(w.restarts)}
            </Badge>
          </Tooltip>
        ) : (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="worker-restarts">
            {restartsText(w.restarts)}
          </Text>
        )}
      </Group>
      <Tooltip
        label={w.dags.length ? w.dags.join(', ') : 'No DAG placed on this worker'}
        multiline
        maw={320}
        withArrow
      >
        <Text size="xs" c="dimmed" truncate style={{ cursor: 'help' }} data-testid="worker-dags">
          {placementText(w)}
        </Text>
      </Tooltip>
      <Meter
        label="Event loop"
        value={formatPercent(elu)}
        fraction={elu}
        testId="worker-elu"
        tooltip="Share of the last second the worker's event loop was busy"
      />
      <Meter
        label="Heap"
        value={heapText(w)}
        fraction={heap}
        testId="worker-heap"
        tooltip="Heap used of the worker's limit (DAG_WORKER_MAX_HEAP_MB)"
      />
    </Paper>
  );
}

function Meter(props: {
  label: string;
  value: string;
  fraction: number;
  testId: string;
  tooltip: string;
}) {
  const percent = Math.round(Math.min(Math.max(props.fraction, 0), 1) * 100);
  return (
    <Tooltip label={props.tooltip} openDelay={400} withArrow>
      <Stack gap={2} mt={6} data-testid={props.testId}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {props.label}
          </Text>
          <Text size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {props.value}
          </Text>
        </Group>
        <Progress
          value={percent}
          color={loadColor(props.fraction)}
          size="sm"
          aria-label={`${props.label} ${props.value}`}
        />
      </Stack>
    </Tooltip>
  );
}
