import { describe, expect, it } from 'vitest';
import {
  HHMM_PATTERN,
  hhmmToMinutes,
  isInWindow,
  isValidTimeZone,
  localSecondOfDay,
  msUntilWindowChange,
  type TimeWindow,
} from './time-window';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** An instant given as a UTC ISO string. */
const at = (iso: string): number => Date.parse(iso);

const utcDay: TimeWindow = { start_time: '0900', end_time: '1700', timezone: 'UTC' };
const utcNight: TimeWindow = { start_time: '2200', end_time: '0600', timezone: 'UTC' };
const newYork: TimeWindow = {
  start_time: '0930',
  end_time: '1600',
  timezone: 'America/New_York',
};
const tokyoNight: TimeWindow = { start_time: '2200', end_time: '0200', timezone: 'Asia/Tokyo' };

describe('HHMM times', () => {
  it.each(['0000', '0930', '1200', '2359'])('accepts %j', (t) => {
    expect(HHMM_PATTERN.test(t)).toBe(true);
  });

  it.each(['2400', '2500', '0960', '9am', '900', '09:00', ''])('refuses %j', (t) => {
    expect(HHMM_PATTERN.test(t)).toBe(false);
  });

  it('converts HHMM to minutes since midnight', () => {
    expect(hhmmToMinutes('0000')).toBe(0);
    expect(hhmmToMinutes('0930')).toBe(570);
    expect(hhmmToMinutes('2359')).toBe(1439);
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('gives the local second of the day, midnight as 0', () => {
    expect(localSecondOfDay(at('2024-01-15T00:00:00Z'), 'UTC')).toBe(0);
    expect(localSecondOfDay(at('2024-01-15T15:00:00Z'), 'Asia/Tokyo')).toBe(0);
    expect(localSecondOfDay(at('2024-01-15T14:30:05Z'), 'America/New_York')).toBe(
      9 * 3600 + 30 * 60 + 5,
    );
    expect(localSecondOfDay(at('2024-07-15T14:30:05Z'), 'America/New_York')).toBe(
      10 * 3600 + 30 * 60 + 5,
    );
  });
});

describe('isInWindow', () => {
  it.each([
    ['2024-01-15T08:59:59Z', false],
    ['2024-01-15T09:00:00Z', true],
    ['2024-01-15T12:00:00Z', true],
    ['2024-01-15T16:59:59Z', true],
    // both ends inclusive, as in the original system: on during the end minute, off after it
    ['2024-01-15T17:00:00Z', true],
    ['2024-01-15T17:00:59Z', true],
    ['2024-01-15T17:01:00Z', false],
    ['2024-01-15T23:00:00Z', false],
  ])('0900-1700 UTC at %s: %s', (iso, expected) => {
    expect(isInWindow(at(iso), utcDay)).toBe(expected);
  });

  it.each([
    ['2024-01-15T21:59:59Z', false],
    ['2024-01-15T22:00:00Z', true],
    ['2024-01-15T23:30:00Z', true],
    ['2024-01-16T00:00:00Z', true],
    ['2024-01-16T05:59:59Z', true],
    ['2024-01-16T06:00:00Z', true],
    ['2024-01-16T06:01:00Z', false],
    ['2024-01-16T12:00:00Z', false],
  ])('2200-0600 UTC (wraps midnight) at %s: %s', (iso, expected) => {
    expect(isInWindow(at(iso), utcNight)).toBe(expected);
  });

  it.each([
    // winter: New York is UTC-5
    ['2024-01-15T14:29:00Z', false],
    ['2024-01-15T14:30:00Z', true],
    ['2024-01-15T21:00:00Z', true],
    ['2024-01-15T21:01:00Z', false],
    // summer: New York is UTC-4
    ['2024-07-15T13:29:00Z', false],
    ['2024-07-15T13:30:00Z', true],
    ['2024-07-15T20:00:00Z', true],
    ['2024-07-15T20:01:00Z', false],
  ])('0930-1600 America/New_York at %s: %s', (iso, expected) => {
    expect(isInWindow(at(iso), newYork)).toBe(expected);
  });

  it.each([
    // Tokyo is UTC+9: 2200 JST is 1300 UTC, 0200 JST is 1700 UTC
    ['2024-01-15T12:59:00Z', false],
    ['2024-01-15T13:00:00Z', true],
    ['2024-01-15T15:00:00Z', true],
    ['2024-01-15T17:00:00Z', true],
    ['2024-01-15T17:01:00Z', false],
    ['2024-01-15T03:00:00Z', false],
  ])('2200-0200 Asia/Tokyo (wraps midnight) at %s: %s', (iso, expected) => {
    expect(isInWindow(at(iso), tokyoNight)).toBe(expected);
  });

  it('evaluates the window in its own time zone, not in UTC', () => {
    // 1000 UTC is inside 0900-1700 UTC but 0500 in New York and 1900 in Tokyo
    const instant = at('2024-01-15T10:00:00Z');
    expect(isInWindow(instant, utcDay)).toBe(true);
    expect(isInWindow(instant, { ...utcDay, timezone: 'America/New_York' })).toBe(false);
    expect(isInWindow(instant, { ...utcDay, timezone: 'Asia/Tokyo' })).toBe(false);
  });
});

describe('msUntilWindowChange', () => {
  it('gives the time until the start when before the window', () => {
    expect(msUntilWindowChange(at('2024-01-15T08:59:30.250Z'), utcDay)).toBe(29_750);
    expect(msUntilWindowChange(at('2024-01-15T07:00:00Z'), utcDay)).toBe(2 * HOUR);
  });

  it('gives the time until the end of the end minute when inside the window', () => {
    expect(msUntilWindowChange(at('2024-01-15T09:00:00Z'), utcDay)).toBe(8 * HOUR + MINUTE);
    expect(msUntilWindowChange(at('2024-01-15T12:15:00Z'), utcDay)).toBe(4 * HOUR + 46 * MINUTE);
    expect(msUntilWindowChange(at('2024-01-15T17:00:00Z'), utcDay)).toBe(MINUTE);
  });

  it("gives the time until the next day's start when after the window", () => {
    expect(msUntilWindowChange(at('2024-01-15T17:01:00Z'), utcDay)).toBe(15 * HOUR + 59 * MINUTE);
    expect(msUntilWindowChange(at('2024-01-15T23:00:00Z'), utcDay)).toBe(10 * HOUR);
  });

  it('counts across midnight for a wrapping window', () => {
    expect(msUntilWindowChange(at('2024-01-15T23:00:00Z'), utcNight)).toBe(7 * HOUR + MINUTE);
    expect(msUntilWindowChange(at('2024-01-16T03:00:00Z'), utcNight)).toBe(3 * HOUR + MINUTE);
    expect(msUntilWindowChange(at('2024-01-16T06:01:00Z'), utcNight)).toBe(15 * HOUR + 59 * MINUTE);
  });

  it('is at least one second', () => {
    expect(msUntilWindowChange(at('2024-01-15T17:00:59.500Z'), utcDay)).toBe(SECOND);
  });

  it('works in non-UTC time zones', () => {
    // 0900 EST: half an hour to the 0930 start
    expect(msUntilWindowChange(at('2024-01-15T14:00:00Z'), newYork)).toBe(30 * MINUTE);
    // 1000 EDT: six hours and a minute to the end of the 1600 minute
    expect(msUntilWindowChange(at('2024-07-15T14:00:00Z'), newYork)).toBe(6 * HOUR + MINUTE);
    // 2100 JST: one hour to the start
    expect(msUntilWindowChange(at('2024-01-15T12:00:00Z'), tokyoNight)).toBe(HOUR);
    // 2300 JST: three hours (and the end minute) to the 0200 end, across midnight
    expect(msUntilWindowChange(at('2024-01-15T14:00:00Z'), tokyoNight)).toBe(3 * HOUR + MINUTE);
  });

  it('lands on the instant the window changes', () => {
    for (const [iso, window] of [
      ['2024-01-15T11:11:11.111Z', utcDay],
      ['2024-01-15T20:20:20.020Z', utcNight],
      ['2024-07-15T05:05:05.005Z', newYork],
      ['2024-01-15T16:16:16.016Z', tokyoNight],
    ] as const) {
      const now = at(iso);
      const next = now + msUntilWindowChange(now, window);
      expect(isInWindow(next - 1, window)).toBe(isInWindow(now, window));
      expect(isInWindow(next, window)).toBe(!isInWindow(now, window));
    }
  });
});
