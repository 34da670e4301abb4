import { Group, Paper, Text } from '@mantine/core';
import { formatRate } from '../../format';
import { RATE_SAMPLES } from './rate-history';
import { sparkline } from './sparkline';
import { rateHistory, useLive } from './store';

const WIDTH = 240;
const HEIGHT = 36;
/** The width shows at least this many seconds. */
const MIN_SPAN = 60;

/**
 * A node's rate over the last five minutes (one point a second, kept in the browser while the
 * live view is open: live/rate-history.ts), with its least, greatest and current value.
 */
export function RateSparkline({ node }: { node: string }) {
  // A new sample each second: the points are read again then.
  const sampled = useLive((s) => s.sampled);
  const current = useLive((s) => s.rates[node]);
  const values = rateHistory.points(node);
  // The first minute spreads over the whole width; then the line moves left as it grows.
  const capacity = Math.min(RATE_SAMPLES, Math.max(MIN_SPAN, values.length));
  const shape = sparkline(values, { width: WIDTH, height: HEIGHT, capacity });
  const minutes = Math.max(1, Math.round(values.length / 60));
  return (
    <Paper
      withBorder
      p={6}
      data-testid="rate-sparkline"
      data-points={values.length}
      data-sampled={sampled}
      data-current={current ?? ''}
    >
      <Group justify="space-between" gap={4} mb={2}>
        <Text size="10px" c="dimmed" tt="uppercase">
          rate, last {values.length < 60 ? `${values.length} s` : `${minutes} min`}
        </Text>
        <Text size="xs" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {current === undefined ? '—' : `${formatRate(current)}/s`}
        </Text>
      </Group>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Rate over the last ${values.length} seconds, from ${formatRate(shape.min)} to ${formatRate(shape.max)} a second`}
        style={{ display: 'block', overflow: 'visible' }}
      >
        <line
          x1={0}
          x2={WIDTH}
          y1={HEIGHT}
          y2={HEIGHT}
          stroke="var(--mantine-color-default-border)"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
        {shape.points && (
          <polyline
            points={shape.points}
            fill="none"
            stroke="var(--mantine-color-green-6)"
            strokeWidth={1.5}
            strokeLinejoin="round"
            vectorEffect="non-scaling-stroke"
          />
        )}
      </svg>
      <Group justify="space-between" gap={4} mt={2}>
        <Text size="10px" c="dimmed" data-testid="rate-sparkline-min">
          min {formatRate(shape.min)}/s
        </Text>
        <Text size="10px" c="dimmed" data-testid="rate-sparkline-max">
          max {formatRate(shape.max)}/s
        </Text>
      </Group>
    </Paper>
  );
}
