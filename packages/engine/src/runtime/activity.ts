import {
  dayIndex,
  FULL_DAY_NAMES,
  holidayCalendar,
  isInWindow,
  localDate,
  msUntilLocalMidnight,
  msUntilWindowChange,
  OUTSIDE_WINDOW_REASON,
  SCHEDULE_OFF_PREFIX,
  describeDays,
  type Dag,
  type HolidayCalendarName,
  type TimeWindow,
} from '@flow/shared';
import { windowOf } from './details';
import { holidayOn } from './holidays';

/** The longest wait between two checks of a schedule: a daylight-saving day is set right by then. */
const MAX_DAY_CHECK_MS = 60 * 60 * 1000;

/**
 * When a DAG may run: its time window and its schedule (days of the week, excluded days, holiday
 * calendars), all read in one time zone. Undefined for a DAG with neither: it always may.
 */
export class DagActivity {
  private constructor(
    private readonly window: TimeWindow | undefined,
    private readonly timeZone: string,
    private readonly days: ReadonlySet<number> | undefined,
    private readonly daysText: string,
    private readonly excluded: ReadonlySet<number>,
    private readonly calendars: readonly HolidayCalendarName[],
  ) {}

  static of(config: Dag): DagActivity | undefined {
    const window = windowOf(config);
    const schedule = config.schedule;
    const days = schedule?.days_of_week;
    const excluded = schedule?.exclude_days_of_week ?? [];
    const calendars = [
      ...new Set(
        (schedule?.holiday_calendars ?? [])
          .map(holidayCalendar)
          .filter((c): c is HolidayCalendarName => c !== undefined),
      ),
    ];
    if (!window && days === undefined && excluded.length === 0 && calendars.length === 0)
      return undefined;
    const indexes = (names: readonly string[]) =>
      new Set(names.map(dayIndex).filter((d): d is number => d !== undefined));
    return new DagActivity(
      window,
      schedule?.timezone ?? config.timezone,
      days === undefined ? undefined : indexes(days),
      days === undefined ? '' : describeDays(days),
      indexes(excluded),
      calendars,
    );
  }

  /** Why the DAG may not run at the instant, or undefined when it may. */
  offReason(now: number): string | undefined {
    if (this.hasDayRules) {
      const date = localDate(now, this.timeZone);
      const day = FULL_DAY_NAMES[date.weekday] as string;
      if (this.days !== undefined && !this.days.has(date.weekday))
        return `${SCHEDULE_OFF_PREFIX}${day} is not a scheduled day (runs ${this.daysText})`;
      if (this.excluded.has(date.weekday))
        return `${SCHEDULE_OFF_PREFIX}${day} is excluded from the schedule`;
      const holidays = this.calendars
        .map((calendar) => ({ calendar, name: holidayOn(calendar, date) }))
        .filter((h): h is { calendar: HolidayCalendarName; name: string } => h.name !== undefined);
      if (holidays.length > 0) return SCHEDULE_OFF_PREFIX + describeHolidays(holidays);
    }
    if (this.window && !isInWindow(now, this.window)) return OUTSIDE_WINDOW_REASON;
    return undefined;
  }

  /** When to look again: the window's next change, and the next local midnight for day rules. */
  msUntilNextCheck(now: number): number {
    let ms = this.window ? msUntilWindowChange(now, this.window) : Number.POSITIVE_INFINITY;
    if (this.hasDayRules)
      ms = Math.min(ms, msUntilLocalMidnight(now, this.timeZone), MAX_DAY_CHECK_MS);
    return ms;
  }

  private get hasDayRules(): boolean {
    return this.days !== undefined || this.excluded.size > 0 || this.calendars.length > 0;
  }
}

/** `Thanksgiving Day (USA)`; a holiday of two calendars once: `Christmas Day (USA, CANADA)`. */
function describeHolidays(holidays: readonly { calendar: string; name: string }[]): string {
  const byName = new Map<string, string[]>();
  for (const { calendar, name } of holidays)
    byName.set(name, [...(byName.get(name) ?? []), calendar]);
  return [...byName].map(([name, list]) => `${name} (${list.join(', ')})`).join('; ');
}
