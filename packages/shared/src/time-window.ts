/** `HHMM` time windows evaluated in a time zone; a window whose end is before its start wraps midnight. */

export const HHMM_PATTERN = /^([01]\d|2[0-3])[0-5]\d$/;

const MINUTES_PER_DAY = 24 * 60;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

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

export interface TimeWindow {
  readonly start_time: string;
  readonly end_time: string;
  readonly timezone: string;
}

export function isInWindow(epochMs: number, window: TimeWindow): boolean {
  const minute = Math.floor(localSecondOfDay(epochMs, window.timezone) / 60);
  const start = hhmmToMinutes(window.start_time);
  const end = hhmmToMinutes(window.end_time);
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * Milliseconds from the instant to the next window boundary (start or end), at least one second.
 * Around a daylight-saving change the answer may be off by the shift; callers re-check then.
 */
export function msUntilWindowChange(epochMs: number, window: TimeWindow): number {
  const second = localSecondOfDay(epochMs, window.timezone);
  const boundary = isInWindow(epochMs, window)
    ? hhmmToMinutes(window.end_time)
    : hhmmToMinutes(window.start_time);
  let deltaSeconds = boundary * 60 - second;
  if (deltaSeconds <= 0) deltaSeconds += MINUTES_PER_DAY * 60;
  return Math.max(1000, deltaSeconds * 1000 - (epochMs % 1000));
}
