/** A sparkline's drawing from its values: the SVG polyline's points, and its range. No DOM. */
export interface SparklineShape {
  /** `x,y x,y …` for an SVG polyline in a `width` x `height` box; empty under two values. */
  readonly points: string;
  readonly min: number;
  readonly max: number;
}

/**
 * Values oldest first, spread over the whole width at `capacity` slots (a ring not yet full
 * starts at the right, as time does); y from 0 (or the least value, if below) at the bottom
 * to the greatest at the top, a flat line at the bottom when all are 0.
 */
export function sparkline(
  values: readonly number[],
  { width, height, capacity }: { width: number; height: number; capacity: number },
): SparklineShape {
  if (values.length === 0) return { points: '', min: 0, max: 0 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (values.length < 2) return { points: '', min, max };
  const low = Math.min(0, min);
  const span = max - low || 1;
  const step = width / Math.max(capacity - 1, 1);
  const start = width - step * (values.length - 1);
  const round = (v: number) => Math.round(v * 10) / 10;
  const points = values
    .map((v, i) => `${round(start + i * step)},${round(height - ((v - low) / span) * height)}`)
    .join(' ');
  return { points, min, max };
}
