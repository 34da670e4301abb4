import { Group, Paper, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleX,
  IconGauge,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatCount, formatRate } from '../../format';
import type { DagSummary } from '../../trpc';
import { stateColor } from './StateBadge';
import { summarize } from './summary';

export function DagSummaryCards({ dags }: { dags: readonly DagSummary[] }) {
  const totals = summarize(dags);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      <Stat
        id="running"
        label="Running"
        value={totals.running}
        color={stateColor.running}
        icon={<IconPlayerPlay size={16} />}
      />
      <Stat
        id="suspended"
        label="Suspended"
        value={totals.suspended}
        color={stateColor.suspended}
        icon={<IconPlayerPause size={16} />}
      />
      <Stat
        id="stopped"
        label="Stopped"
        value={totals.stopped}
        color={stateColor.stopped}
        icon={<IconPlayerStop size={16} />}
      />
      <Stat
        id="failed"
        label="Failed"
        value={totals.failed}
        // Grey while nothing failed: red is for what needs an admin.
        color={totals.failed > 0 ? stateColor.failed : 'gray'}
        icon={<IconCircleX size={16} />}
      />
      <Stat
        id="rate"
        label="Total rate"
        value={
          <>
            {formatRate(totals.rate)}{' '}
            <Text span size="sm" c="dimmed">
              msg/s
            </Text>
          </>
        }
        color="indigo"
        icon={<IconGauge size={16} />}
      />
      <Stat
        id="errors"
        label="Errors"
        value={formatCount(totals.errors)}
        color={totals.errors > 0 ? 'red' : 'gray'}
        icon={<IconAlertTriangle size={16} />}
      />
    </SimpleGrid>
  );
}

function Stat(props: {
  id: string;
  label: string;
  value: ReactNode;
  color: string;
  icon: ReactNode;
}) {
  return (
    <Paper withBorder px="md" py="sm" data-testid={`summary-${props.id}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {props.label}
          </Text>
          <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {props.value}
          </Text>
        </div>
        <ThemeIcon
          variant={props.color === 'gray' ? 'default' : 'light'}
          color={props.color}
          size="lg"
          radius="md"
        >
          {props.icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}
