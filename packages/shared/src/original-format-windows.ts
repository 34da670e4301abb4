import { isRecord, type Parsed } from './config-walk';
import { quoteValue } from './limits';
import type { ProblemCode } from './problems';
import { HHMM_PATTERN, hhmmToMinutes } from './time-window';

/**
 * The time window and schedule of the original system's files, converted into ours (issue 15).
 *
 * The original reads its window as follows (core/dag/compute_graph.py, time_window_utils.py):
 * - no `start_time` (missing, null or ""): no window, the DAG always runs; `duration` and
 *   `end_time` are then ignored;
 * - `start_time` with `duration` ("6h30m", "1h", "45m"): the window ends `duration` after the
 *   start; a `duration` wins over an `end_time` given beside it;
 * - `start_time` with `end_time` (and no duration): that window;
 * - `start_time` alone (`duration` and `end_time` missing or null): the window ends 5 minutes
 *   before the start, so the DAG is off for the 4 minutes in between.
 * Times may be written `HH:MM`. Ours keeps `start_time`/`end_time` as `HHMM`, both ends inclusive
 * like the original's: every case above is one of our windows, or none.
 *
 * Its `schedule` is ours, with one difference: the original reads a schedule (and the window of a
 * DAG with one) in America/New_York unless the schedule names a zone; that zone is written into
 * the converted schedule. Without a schedule the original reads the window in the server's local
 * time; ours reads it in the DAG's `timezone` (UTC unless given), which a warning says.
 */

/** The zone the original reads a schedule in when it names none. */
export const ORIGINAL_SCHEDULE_TIMEZONE = 'America/New_York';

/** Minutes the original's window ends before its start when neither duration nor end is given. */
const DEFAULT_END_BEFORE_START_MINUTES = 5;
const MINUTES_PER_DAY = 24 * 60;
const DURATION_PATTERN = /^(?:(\d{1,4})h)?(?:(\d{1,5})m)?$/;
const DURATION_HELP = 'hours and/or minutes such as "6h30m", "1h" or "45m"';

/** What converting the window reports, at places in the original file. */
export interface WindowConversionContext {
  warn(segments: readonly PropertyKey[], message: string): void;
  refuse(segments: readonly PropertyKey[], code: ProblemCode, message: string): void;
  /** A place of the converted config that came from another place of the original. */
  rename(to: readonly PropertyKey[], from: readonly PropertyKey[]): void;
}

/**
 * A duration of the original as minutes: `"6h30m"`, `"1h"`, `"45m"`, `"90m"` (any case, spaces
 * around ignored). Undefined for anything else, and for a zero duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim().toLowerCase());
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  return minutes > 0 ? minutes : undefined;
}

/** `HH:MM` as `HHMM`; anything else unchanged (our schema says what is wrong with it). */
function withoutColon(time: unknown): unknown {
  return typeof time === 'string' && /^\d\d:\d\d$/.test(time.trim())
    ? time.trim().replace(':', '')
    : time;
}

function minutesToHhmm(minutes: number): string {
  const m = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

/** Null, missing and "" are all "not given" in the original's window keys. */
function absent(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Converts the window and schedule of `out` (the top level of the converted config) in place. */
export function convertOriginalWindow(out: Parsed, ctx: WindowConversionContext): void {
  const hasSchedule = convertSchedule(out, ctx);
  const { start_time: start, end_time: end, duration } = out;
  delete out.duration;
  if (absent(start)) {
    delete out.start_time;
    if (!absent(end)) delete out.end_time;
    for (const [key, v] of [
      ['duration', duration],
      ['end_time', end],
    ] as const) {
      if (!absent(v))
        ctx.warn(
          [key],
          `${key} is ignored: there is no start_time, so the DAG runs at all times (as in the original)`,
        );
    }
    if (out.end_time === null) delete out.end_time;
    return;
  }
  const startTime = withoutColon(start);
  if (typeof startTime !== 'string' || !HHMM_PATTERN.test(startTime)) {
    ctx.refuse(
      ['start_time'],
      'invalid_value',
      `${quoteValue(start)} is not a time of day: use HHMM or HH:MM, such as 0930 or 09:30`,
    );
    delete out.start_time;
    delete out.end_time;
    return;
  }
  out.start_time = startTime;
  const startMinutes = hhmmToMinutes(startTime);

  if (!absent(duration)) {
    const minutes = typeof duration === 'string' ? parseDuration(duration) : undefined;
    // The end comes from the duration: what is said of it is said of the duration.
    ctx.rename(['end_time'], ['duration']);
    if (minutes === undefined) {
      ctx.refuse(
        ['duration'],
        'invalid_value',
        `${quoteValue(duration)} is not a duration: use ${DURATION_HELP}`,
      );
      delete out.end_time;
      return;
    }
    if (minutes >= MINUTES_PER_DAY) {
      ctx.refuse(
        ['duration'],
        'invalid_value',
        `duration ${quoteValue(duration)} is a day or longer: a window is shorter than 24h ` +
          '(leave out start_time for a DAG that always runs)',
      );
      delete out.end_time;
      return;
    }
    if (!absent(end)) {
      ctx.warn(
        ['end_time'],
        'end_time is ignored: duration is given, and the original uses duration over end_time',
      );
    }
    out.end_time = minutesToHhmm(startMinutes + minutes);
  } else if (!absent(end)) {
    out.end_time = withoutColon(end);
  } else {
    // The original's default: the window ends 5 minutes before it starts.
    out.end_time = minutesToHhmm(startMinutes - DEFAULT_END_BEFORE_START_MINUTES);
    ctx.rename(['end_time'], ['start_time']);
  }
  if (!hasSchedule && out.timezone === undefined) {
    ctx.warn(
      ['start_time'],
      "the original reads the window in the server's local time; here it is read in UTC: " +
        'set "timezone" (such as "America/New_York") to read it in another zone',
    );
  }
}

/**
 * The original's schedule as ours: keys given as null are left out, a schedule that sets nothing
 * is no schedule, and one without a zone gets the original's (America/New_York). True when the
 * converted config has a schedule.
 */
function convertSchedule(out: Parsed, ctx: WindowConversionContext): boolean {
  if (out.schedule === null) {
    delete out.schedule;
    return false;
  }
  if (!isRecord(out.schedule)) return out.schedule !== undefined;
  const schedule: Parsed = {};
  for (const [key, v] of Object.entries(out.schedule)) {
    if (!absent(v)) schedule[key] = v;
  }
  const rules = ['days_of_week', 'exclude_days_of_week', 'holiday_calendars'];
  const setsRules = rules.some(
    (key) =>
      schedule[key] !== undefined && !(key === 'holiday_calendars' && isEmptyList(schedule[key])),
  );
  // Unknown keys stay, for our schema to refuse them as the original does.
  const onlyKnown = Object.keys(schedule).every((key) => rules.includes(key));
  if (onlyKnown && !setsRules && schedule.timezone === undefined) {
    delete out.schedule;
    return false;
  }
  if (schedule.timezone === undefined) {
    schedule.timezone = ORIGINAL_SCHEDULE_TIMEZONE;
    ctx.rename(['schedule', 'timezone'], ['schedule']);
  }
  out.schedule = schedule;
  return true;
}

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}
