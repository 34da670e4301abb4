/**
 * `HHMM` time windows evaluated in a time zone. Both ends are inclusive, as in the original system
 * (0900-1700 is on at 09:00 and at 17:00, off at 08:59 and 17:01); a window whose end is before
 * its start wraps midnight.
 */

export const HHMM_PATTERN = /^([01]\d|2[0-3])[0-5]\d$/;

const MINUTES_PER_DAY = 24 * 60;
/**
 * Zones a formatter cache holds before it starts over: zone names are case-insensitive, so the
 * validation of configs written by users could otherwise add one formatter per spelling.
 */
const MAX_CACHED_ZONES = 1000;

/** One formatter per time zone with these options, made on first use. */
function formatterCache(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): (timeZone: string) => Intl.DateTimeFormat {
  const cache = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let f = cache.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      if (cache.size >= MAX_CACHED_ZONES) cache.clear();
      cache.set(timeZone, f);
    }
    return f;
  };
}

const formatter = formatterCache('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function hhmmToMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4));
}

/** Seconds since local midnight in the time zone at the given instant. */
export function localSecondOfDay(epochMs: number, timeZone: string): number {
  let h = 0;
  let m = 0;
  let s = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') m = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
  }
  return h * 3600 + m * 60 + s;
}

const WEEKDAYS: Readonly<Record<string, number>> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};
const dateFormatter = formatterCache('en-US', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
});

/** A calendar day in a time zone; `weekday` counts from Monday (0) to Sunday (6). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
}

/** The calendar day in the time zone at the given instant. */
export function localDate(epochMs: number, timeZone: string): LocalDate {
  let year = 0;
  let month = 0;
  let day = 0;
  let weekday = 0;
  for (const part of dateFormatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
  }
  return { year, month, day, weekday };
}

/** `YYYY-MM-DD` of a local date. */
export function isoDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/**
 * Milliseconds from the instant to the next local midnight in the time zone, at least one second.
 * On a daylight-saving day the answer may be off by the shift; callers re-check then.
 */
export function msUntilLocalMidnight(epochMs: number, timeZone: string): number {
  const deltaSeconds = MINUTES_PER_DAY * 60 - localSecondOfDay(epochMs, timeZone);
  return Math.max(1000, deltaSeconds * 1000 - (epochMs % 1000));
}

export interface TimeWindow {
  readonly start_time: string;
  readonly end_time: string;
  readonly timezone: string;
}

export function isInWindow(epochMs: number, window: TimeWindow): boolean {
  const minute = Math.floor(localSecondOfDay(epochMs, window.timezone) / 60);
  const start = hhmmToMinutes(window.start_time);
  const end = hhmmToMinutes(window.end_time);
  return start <= end ? minute >= start && minute <= end : minute >= start || minute <= end;
}

/**
 * Milliseconds from the instant to the next window boundary (start or end), at least one second.
 * Around a daylight-saving change the answer may be off by the shift; callers re-check then.
 */
export function msUntilWindowChange(epochMs: number, window: TimeWindow): number {
  const second = localSecondOfDay(epochMs, window.timezone);
  // Inside, the window ends when its end minute is over (the end is inclusive).
  const boundary = isInWindow(epochMs, window)
    ? (hhmmToMinutes(window.end_time) + 1) % MINUTES_PER_DAY
    : hhmmToMinutes(window.start_time);
  let deltaSeconds = boundary * 60 - second;
  if (deltaSeconds <= 0) deltaSeconds += MINUTES_PER_DAY * 60;
  return Math.max(1000, deltaSeconds * 1000 - (epochMs % 1000));
}
