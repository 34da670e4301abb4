import { z } from 'zod';
import type { Add, Parsed } from './config-walk';
import { MAX_TIMEZONE_LENGTH } from './limits';
import { atMost } from './names';
import { isValidTimeZone } from './time-window';

/**
 * A DAG's `schedule` (issue 15, as in the original system): the days it runs on and the holiday
 * calendars it follows, on top of its time window. A DAG is on only when its window, its days
 * and its calendars all say so. Plain rules and names only: the holiday lookup itself lives in the
 * engine (the `date-holidays` package), out of the browser bundle.
 */

/** Short day names, Monday first, as shown. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** Full day names, Monday first. */
export const FULL_DAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** The day names a schedule accepts (any case, spaces around ignored) and their day, Monday 0. */
const DAY_TOKENS: Readonly<Record<string, number>> = {
  mon: 0,
  monday: 0,
  tue: 1,
  tues: 1,
  tuesday: 1,
  wed: 2,
  wednesday: 2,
  thu: 3,
  thur: 3,
  thurs: 3,
  thursday: 3,
  fri: 4,
  friday: 4,
  sat: 5,
  saturday: 5,
  sun: 6,
  sunday: 6,
};

/** The day (Monday 0 to Sunday 6) a name means, or undefined for a name that is not a day. */
export function dayIndex(name: string): number | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(DAY_TOKENS, key) ? DAY_TOKENS[key] : undefined;
}

/**
 * The holiday calendars a schedule may follow, by the names the original system uses, with the
 * `date-holidays` country (and state) each one reads: public holidays, substitute days included.
 */
export const HOLIDAY_CALENDARS = {
  USA: { country: 'US', description: 'public holidays of the United States' },
  CANADA: {
    country: 'CA',
    state: 'ON',
    description: 'public holidays of Canada as observed in Ontario (Toronto)',
  },
} as const satisfies Record<string, { country: string; state?: string; description: string }>;

export type HolidayCalendarName = keyof typeof HOLIDAY_CALENDARS;
export const holidayCalendarNames = Object.keys(HOLIDAY_CALENDARS) as HolidayCalendarName[];

/** The calendar a name means (any case, spaces around ignored), or undefined. */
export function holidayCalendar(name: string): HolidayCalendarName | undefined {
  const key = name.trim().toUpperCase();
  return (holidayCalendarNames as string[]).includes(key)
    ? (key as HolidayCalendarName)
    : undefined;
}

const DAY_HELP = 'use mon, tue, wed, thu, fri, sat, sun or the full names';

const dayList = z
  .array(
    z
      .string()
      .max(16, atMost(16))
      .refine((name) => dayIndex(name) !== undefined, {
        error: (issue) => `${JSON.stringify(issue.input)} is not a day name: ${DAY_HELP}`,
      }),
  )
  .max(7 * 4, atMost(7 * 4));

export const scheduleSchema = z.strictObject({
  /** Runs only on these days (when given). */
  days_of_week: dayList
    .min(1, { error: 'lists no day, so the DAG would never run: leave it out to run every day' })
    .optional(),
  /** Never runs on these days. */
  exclude_days_of_week: dayList.optional(),
  /** Off on the holidays of each calendar (any of them). */
  holiday_calendars: z
    .array(
      z
        .string()
        .max(32, atMost(32))
        .refine((name) => holidayCalendar(name) !== undefined, {
          error: (issue) =>
            `unknown holiday calendar ${JSON.stringify(issue.input)}: calendars are ${holidayCalendarNames.join(', ')}`,
        }),
    )
    .max(holidayCalendarNames.length * 2, atMost(holidayCalendarNames.length * 2))
    .optional(),
  /** The zone the days and the time window are read in; the DAG's `timezone` when not given. */
  timezone: z.string().min(1).max(MAX_TIMEZONE_LENGTH, atMost(MAX_TIMEZONE_LENGTH)).optional(),
});

export type DagSchedule = z.output<typeof scheduleSchema>;

/** The zone a DAG's window and schedule are read in: the schedule's own, else the DAG's. */
export function scheduleTimeZone(dag: { timezone: string; schedule?: DagSchedule }): string {
  return dag.schedule?.timezone ?? dag.timezone;
}

/** Why a DAG with a window is off outside it (its `stateReason`). */
export const OUTSIDE_WINDOW_REASON = 'outside its time window';
/** How every reason a schedule gives for a DAG being off begins: "off: Thanksgiving Day (USA)". */
export const SCHEDULE_OFF_PREFIX = 'off: ';

/** Whether a DAG's state reason comes from its time window or its schedule (not from a user). */
export function isScheduleReason(reason: string | undefined): boolean {
  return (
    reason !== undefined &&
    (reason === OUTSIDE_WINDOW_REASON || reason.startsWith(SCHEDULE_OFF_PREFIX))
  );
}

/** Days as shown: `Mon, Wed–Fri`. */
export function describeDays(names: readonly string[]): string {
  const days = [...new Set(names.map(dayIndex).filter((d) => d !== undefined))].sort();
  const runs: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && (days[j + 1] as number) === (days[j] as number) + 1) j++;
    const from = DAY_NAMES[days[i] as number] as string;
    const to = DAY_NAMES[days[j] as number] as string;
    runs.push(j - i >= 2 ? `${from}–${to}` : j === i ? from : `${from}, ${to}`);
    i = j;
  }
  return runs.join(', ');
}

/** A schedule in one line, as the dashboard shows it: `Mon–Fri, not Wed · USA holidays off`. */
export function describeSchedule(schedule: DagSchedule): string {
  const parts: string[] = [];
  if (schedule.days_of_week) parts.push(describeDays(schedule.days_of_week));
  if (schedule.exclude_days_of_week?.length)
    parts.push(`not ${describeDays(schedule.exclude_days_of_week)}`);
  const days = parts.join(', ');
  const calendars = (schedule.holiday_calendars ?? []).map((c) => holidayCalendar(c) ?? c);
  const holidays = calendars.length > 0 ? `${[...new Set(calendars)].join(', ')} holidays off` : '';
  return [days, holidays].filter((s) => s.length > 0).join(' · ');
}

/**
 * What the schema cannot see: the schedule's time zone exists, and agrees with the DAG's own
 * `timezone` when both are given (the window and the days are read in one zone).
 */
export function checkSchedule(dag: Parsed, add: Add): void {
  const schedule = dag.schedule;
  if (schedule === null || typeof schedule !== 'object' || Array.isArray(schedule)) return;
  const zone = (schedule as Parsed).timezone;
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > MAX_TIMEZONE_LENGTH) return;
  if (!isValidTimeZone(zone)) {
    add(
      ['schedule', 'timezone'],
      'invalid_timezone',
      `"${zone}" is not a time zone name such as America/New_York or UTC`,
    );
  } else if (typeof dag.timezone === 'string' && dag.timezone !== zone) {
    add(
      ['schedule', 'timezone'],
      'conflicting_keys',
      `schedule.timezone (${zone}) differs from timezone (${dag.timezone}): the window and ` +
        'the schedule are read in one time zone, keep one of them',
    );
  }
}
