import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { HOLIDAY_CALENDARS, isoDate, type HolidayCalendarName, type LocalDate } from '@flow/shared';

/**
 * The holidays of a schedule's calendars (`USA`, `CANADA`; see HOLIDAY_CALENDARS in @flow/shared),
 * read from the `date-holidays` package: its public and bank holidays, substitute days included
 * ("Independence Day (substitute day)"). Kept in the engine, out of the browser bundle.
 */

const OFF_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);
/** Years kept per calendar before the cache starts over (a DAG asks for one or two at a time). */
const MAX_CACHED_YEARS = 64;

const calendars = new Map<HolidayCalendarName, Holidays>();

/**
 * The package is loaded the first time a schedule asks for a holiday: its data of every country
 * costs about 16 MB in each thread that loads it, and most servers run no schedule.
 */
let HolidaysClass: typeof Holidays | undefined;
function holidaysClass(): typeof Holidays {
  if (HolidaysClass === undefined) {
    // Its CommonJS build exports the class itself.
    const loaded = createRequire(import.meta.url)('date-holidays') as typeof Holidays & {
      default?: typeof Holidays;
    };
    HolidaysClass = loaded.default ?? loaded;
  }
  return HolidaysClass;
}
/** `CALENDAR:YEAR` -> holiday names by `YYYY-MM-DD`. */
const years = new Map<string, ReadonlyMap<string, string>>();

function calendar(name: HolidayCalendarName): Holidays {
  let holidays = calendars.get(name);
  if (!holidays) {
    const spec: { country: string; state?: string } = HOLIDAY_CALENDARS[name];
    const Calendar = holidaysClass();
    holidays =
      spec.state === undefined
        ? new Calendar(spec.country)
        : new Calendar(spec.country, spec.state);
    calendars.set(name, holidays);
  }
  return holidays;
}

function holidaysOf(name: HolidayCalendarName, year: number): ReadonlyMap<string, string> {
  const key = `${name}:${year}`;
  let days = years.get(key);
  if (!days) {
    const found = new Map<string, string>();
    for (const holiday of calendar(name).getHolidays(year, 'en')) {
      const day = holiday.date.slice(0, 10);
      if (OFF_TYPES.has(holiday.type) && !found.has(day)) found.set(day, holiday.name);
    }
    if (years.size >= MAX_CACHED_YEARS) years.clear();
    years.set(key, found);
    days = found;
  }
  return days;
}

/** The name of the holiday on a local date in a calendar, or undefined on a working day. */
export function holidayOn(name: HolidayCalendarName, date: LocalDate): string | undefined {
  return holidaysOf(name, date.year).get(isoDate(date));
}
