import { dayIndex, DAY_NAMES, type DagInput } from '@flow/shared';

/**
 * The edits of a DAG's `schedule` in the designer, as pure functions: each returns the schedule
 * to store, or undefined when nothing is left of it (an export then has no `schedule`).
 */
export type ScheduleSpec = NonNullable<DagInput['schedule']>;
export type DayListKey = 'days_of_week' | 'exclude_days_of_week';

/** The name the designer writes for a day (Monday 0): `mon` … `sun`. */
export const dayToken = (day: number): string => (DAY_NAMES[day] ?? 'Mon').toLowerCase();

/** The days (Monday 0 to Sunday 6) a list of day names turns on, in order, each once. */
export function daysOf(names: readonly string[] | undefined): number[] {
  const days = new Set((names ?? []).map(dayIndex).filter((d) => d !== undefined));
  return [...days].sort((a, b) => a - b);
}

/** The schedule with `patch` applied; keys set to undefined or an empty list are left out. */
export function withSchedule(
  schedule: ScheduleSpec | undefined,
  patch: Partial<ScheduleSpec>,
): ScheduleSpec | undefined {
  const next = Object.fromEntries(
    Object.entries({ ...schedule, ...patch }).filter(
      ([, value]) =>
        value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
  return Object.keys(next).length === 0 ? undefined : (next as ScheduleSpec);
}

/**
 * The schedule with one day of a day list switched on or off. The names already there keep their
 * spelling (`Monday`, `WED`); a new day is written as `mon` … `sun`; the list is kept Monday
 * first. Names that are no day are dropped: the toggles now say which days the list holds.
 */
export function withDayToggled(
  schedule: ScheduleSpec | undefined,
  key: DayListKey,
  day: number,
): ScheduleSpec | undefined {
  const names = schedule?.[key] ?? [];
  const spelled = new Map<number, string>();
  for (const name of names) {
    const d = dayIndex(name);
    if (d !== undefined && !spelled.has(d)) spelled.set(d, name);
  }
  if (spelled.has(day)) spelled.delete(day);
  else spelled.set(day, dayToken(day));
  const list = [...spelled.entries()].sort(([a], [b]) => a - b).map(([, name]) => name);
  return withSchedule(schedule, { [key]: list });
}
