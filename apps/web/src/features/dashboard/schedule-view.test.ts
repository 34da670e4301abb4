import { describe, expect, it } from 'vitest';
import { scheduleView } from './schedule-view';

const market = {
  window: { start_time: '0930', end_time: '1600', timezone: 'America/New_York' },
  schedule: {
    days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
    holiday_calendars: ['USA'],
    timezone: 'America/New_York',
  },
};

describe("the dashboard's time window column", () => {
  it('tells the window, the schedule and why they hold the DAG off', () => {
    expect(
      scheduleView({ ...market, state: 'suspended', stateReason: 'off: Thanksgiving Day (USA)' }),
    ).toEqual({
      window: '09:30–16:00 America/New_York',
      schedule: 'Mon–Fri · USA holidays off',
      off: 'off: Thanksgiving Day (USA)',
    });
  });

  it('says nothing of a reason that is not the schedule: a user suspended it, or it runs', () => {
    expect(
      scheduleView({ ...market, state: 'suspended', stateReason: 'suspended by a user' }).off,
    ).toBeUndefined();
    expect(scheduleView({ ...market, state: 'running' }).off).toBeUndefined();
  });

  it('is "all day" with a schedule but no window, "always on" with neither', () => {
    expect(
      scheduleView({ window: null, schedule: { exclude_days_of_week: ['sun'] }, state: 'running' }),
    ).toEqual({ window: 'all day', schedule: 'not Sun' });
    expect(scheduleView({ window: null, state: 'running' })).toEqual({ window: 'always on' });
  });
});
