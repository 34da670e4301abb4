import { describe, expect, it } from 'vitest';
import {
  dayIndex,
  describeSchedule,
  holidayCalendar,
  isScheduleReason,
  scheduleTimeZone,
} from './schedule';
import { validateDag } from './validate';

/** A DAG in our format with a schedule patched in. */
function ours(patch: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'scheduled',
    publishers: [{ name: 'out', config: { destination: 'mem://topic/out' } }],
    nodes: [
      { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000 } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [{ from: 'tick', to: 'sink' }],
    ...patch,
  };
}

describe('day names', () => {
  it('take the original short and full names in any case', () => {
    expect(dayIndex('mon')).toBe(0);
    expect(dayIndex(' Tues ')).toBe(1);
    expect(dayIndex('THURS')).toBe(3);
    expect(dayIndex('sunday')).toBe(6);
    expect(dayIndex('funday')).toBeUndefined();
    expect(dayIndex('mo')).toBeUndefined();
  });
});

describe('holiday calendars', () => {
  it('are USA and CANADA, in any case', () => {
    expect(holidayCalendar('usa')).toBe('USA');
    expect(holidayCalendar(' Canada ')).toBe('CANADA');
    expect(holidayCalendar('NYSE')).toBeUndefined();
  });
});

describe('a schedule in our format', () => {
  it('is accepted and kept as written', () => {
    const schedule = {
      days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
      exclude_days_of_week: ['wed'],
      holiday_calendars: ['USA'],
      timezone: 'America/New_York',
    };
    const result = validateDag(ours({ start_time: '0930', end_time: '1600', schedule }));
    expect(result.ok && result.dag.schedule).toEqual(schedule);
    expect(result.originalFormat).toBeUndefined();
  });

  it('gives the validated DAG its zone, so that the DAG validates again as it is', () => {
    const result = validateDag(ours({ schedule: { timezone: 'Asia/Tokyo' } }));
    expect(result.ok && result.dag.timezone).toBe('Asia/Tokyo');
    expect(result.ok && validateDag(result.dag).ok).toBe(true);
    const original = validateDag({
      ...ours({}),
      edges: [{ from_node: 'tick', to_node: 'sink' }],
      start_time: '0930',
      duration: '6h30m',
      schedule: { holiday_calendars: ['USA'] },
    });
    expect(original.ok && original.dag.timezone).toBe('America/New_York');
    expect(original.ok && validateDag(original.dag).ok).toBe(true);
  });

  it('is read in its own zone, else in the DAG timezone', () => {
    expect(scheduleTimeZone({ timezone: 'UTC', schedule: { timezone: 'Asia/Tokyo' } })).toBe(
      'Asia/Tokyo',
    );
    expect(scheduleTimeZone({ timezone: 'Europe/Paris', schedule: {} })).toBe('Europe/Paris');
  });

  it('refuses bad day names, an empty day list, unknown calendars and bad zones', () => {
    const result = validateDag(
      ours({
        schedule: {
          days_of_week: [],
          exclude_days_of_week: ['someday'],
          holiday_calendars: ['Narnia'],
          timezone: 'Nowhere/City',
        },
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.code} ${p.path}`).sort()).toEqual([
      'invalid_timezone $.schedule.timezone',
      'invalid_value $.schedule.days_of_week',
      'invalid_value $.schedule.exclude_days_of_week[0]',
      'invalid_value $.schedule.holiday_calendars[0]',
    ]);
    expect(result.problems.find((p) => p.path === '$.schedule.days_of_week')?.message).toBe(
      'lists no day, so the DAG would never run: leave it out to run every day',
    );
  });

  it('refuses a schedule zone that differs from the DAG timezone given beside it', () => {
    const result = validateDag(
      ours({ timezone: 'Europe/Paris', schedule: { timezone: 'America/New_York' } }),
    );
    expect(result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'conflicting_keys $.schedule.timezone',
    ]);
  });

  it('is told in one line', () => {
    expect(
      describeSchedule({
        days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
        exclude_days_of_week: ['wed'],
        holiday_calendars: ['usa', 'CANADA'],
      }),
    ).toBe('Mon–Fri, not Wed · USA, CANADA holidays off');
    expect(describeSchedule({ days_of_week: ['sat', 'mon', 'sun'] })).toBe('Mon, Sat, Sun');
  });

  it('gives reasons the dashboard tells apart from a user suspending the DAG', () => {
    expect(isScheduleReason('off: Thanksgiving Day (USA)')).toBe(true);
    expect(isScheduleReason('outside its time window')).toBe(true);
    expect(isScheduleReason('suspended by a user')).toBe(false);
    expect(isScheduleReason(undefined)).toBe(false);
  });
});
