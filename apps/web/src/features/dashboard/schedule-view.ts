// What the dashboard's "Time window" column says of a DAG: its window, its schedule, and why
// they hold it off now.
import { describeSchedule, isScheduleReason } from '@flow/shared';
import { formatWindow } from '../../format';
import type { DagSummary } from '../../trpc';

export interface ScheduleView {
  /** `09:30–16:00 America/New_York`; `all day` with a schedule but no window; else `always on`. */
  readonly window: string;
  /** `Mon–Fri · USA holidays off`, when it has a schedule. */
  readonly schedule?: string;
  /** Why its window or schedule holds it off (`off: Thanksgiving Day (USA)`), when they do. */
  readonly off?: string;
}

export function scheduleView(
  dag: Pick<DagSummary, 'window' | 'schedule' | 'state' | 'stateReason'>,
): ScheduleView {
  const schedule = dag.schedule ? describeSchedule(dag.schedule) : '';
  const off =
    dag.state === 'suspended' && isScheduleReason(dag.stateReason) ? dag.stateReason : undefined;
  return {
    window: !dag.window && dag.schedule ? 'all day' : formatWindow(dag.window),
    ...(schedule ? { schedule } : {}),
    ...(off ? { off } : {}),
  };
}
