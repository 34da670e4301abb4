import { describe, expect, it } from 'vitest';
import { localDate, validateDag } from '@flow/shared';
import { ManualClock, WorkerDagServer, type DagEvent } from '../src/index';
import { DagActivity } from '../src/runtime/activity';
import { holidayOn } from '../src/runtime/holidays';
import { fixture, idle, setup } from './helpers';

/** The linear fixture (in -> a + b -> out) with a window and schedule. */
const scheduled = (extra: Record<string, unknown>) => ({
  ...fixture('linear.json'),
  name: 'market',
  ...extra,
});

/** US market hours, weekdays, off on US holidays: 09:30-16:00 in New York. */
const usMarket = {
  start_time: '0930',
  end_time: '1600',
  schedule: {
    days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
    holiday_calendars: ['USA'],
    timezone: 'America/New_York',
  },
};

/** The activity (window and schedule) of the linear fixture with `extra`, validated. */
function activityOf(extra: Record<string, unknown>): DagActivity | undefined {
  const result = validateDag(scheduled(extra));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return DagActivity.of(result.dag);
}

describe('holiday calendars (date-holidays)', () => {
  it('name the holidays of USA and CANADA, and nothing on a working day', () => {
    const day = (iso: string) => localDate(Date.parse(iso), 'UTC');
    expect(holidayOn('USA', day('2026-11-26T12:00:00Z'))).toBe('Thanksgiving Day');
    expect(holidayOn('USA', day('2026-07-03T12:00:00Z'))).toBe('Independence Day (substitute day)');
    expect(holidayOn('USA', day('2026-11-25T12:00:00Z'))).toBeUndefined();
    expect(holidayOn('CANADA', day('2026-07-01T12:00:00Z'))).toBe('Canada Day');
    expect(holidayOn('CANADA', day('2026-10-12T12:00:00Z'))).toBe('Thanksgiving');
    expect(holidayOn('CANADA', day('2026-11-26T12:00:00Z'))).toBeUndefined();
  });
});

describe('a DAG with a schedule', () => {
  it('is suspended on a holiday, says which, and runs again on the next working day by itself', async () => {
    // Thursday 26 November 2026, 10:00 in New York: inside the window, but Thanksgiving.
    const clock = new ManualClock('2026-11-26T15:00:00Z');
    const { server, name, output, push } = setup(scheduled(usMarket), 'mem://queue/out', {
      clock,
    });
    const events: DagEvent[] = [];
    server.subscribe((e) => events.push(e));
    await server.start(name);
    expect(server.runtime(name).state).toBe('suspended');
    const summary = server.list().find((s) => s.name === name);
    expect(summary?.stateReason).toBe('off: Thanksgiving Day (USA)');
    expect(summary?.schedule?.holiday_calendars).toEqual(['USA']);
    expect(summary?.window).toEqual({
      start_time: '0930',
      end_time: '1600',
      timezone: 'America/New_York',
    });
    push({ a: 1, b: 2 });
    await new Promise((r) => setTimeout(r, 20));
    expect(output).toEqual([]);

    // Friday 09:29 in New York: the holiday is over, the window not yet open.
    clock.set('2026-11-27T14:29:00Z');
    expect(server.runtime(name).state).toBe('suspended');
    expect(server.details(name).stateReason).toBe('outside its time window');
    // Friday 09:30 in New York: it runs, and what waited is computed.
    clock.set('2026-11-27T14:30:00Z');
    expect(server.runtime(name).state).toBe('running');
    await idle(server, name);
    expect(output).toEqual([{ sum: 3 }]);

    // Saturday 10:00 in New York: not a scheduled day.
    clock.set('2026-11-28T15:00:00Z');
    expect(server.runtime(name).state).toBe('suspended');
    expect(server.details(name).stateReason).toBe(
      'off: Saturday is not a scheduled day (runs Mon–Fri)',
    );
    expect(events).toContainEqual({
      type: 'state',
      dag: name,
      state: 'suspended',
      reason: 'off: Thanksgiving Day (USA)',
    });
    await server.stop(name);
    expect(clock.pendingTimers).toBe(0);
  });

  it('is off on an excluded weekday all day, without a window', async () => {
    // Wednesday 7 January 2026, 12:00 UTC.
    const clock = new ManualClock('2026-01-07T12:00:00Z');
    const { server, name } = setup(
      scheduled({ schedule: { exclude_days_of_week: ['Wednesday'] } }),
      'mem://queue/out',
      { clock },
    );
    await server.start(name);
    expect(server.runtime(name).state).toBe('suspended');
    expect(server.details(name).stateReason).toBe('off: Wednesday is excluded from the schedule');
    clock.set('2026-01-07T23:59:59Z');
    expect(server.runtime(name).state).toBe('suspended');
    clock.set('2026-01-08T00:00:00Z');
    expect(server.runtime(name).state).toBe('running');
    await server.stop(name);
  });

  it('switches at local midnight on a daylight-saving day too', async () => {
    // Sunday 8 March 2026 in New York: clocks go forward at 02:00, the day has 23 hours.
    const clock = new ManualClock('2026-03-08T05:30:00Z'); // 00:30 EST
    const { server, name } = setup(
      scheduled({ timezone: 'America/New_York', schedule: { exclude_days_of_week: ['sun'] } }),
      'mem://queue/out',
      { clock },
    );
    await server.start(name);
    expect(server.details(name).stateReason).toBe('off: Sunday is excluded from the schedule');
    clock.set('2026-03-09T03:59:59Z'); // 23:59:59 EDT
    expect(server.runtime(name).state).toBe('suspended');
    clock.set('2026-03-09T04:00:00Z'); // Monday 00:00 EDT
    expect(server.runtime(name).state).toBe('running');
    await server.stop(name);
  });

  it('reads its days in its zone: Thanksgiving starts at midnight in New York, not in UTC', () => {
    const activity = activityOf({ schedule: usMarket.schedule });
    // 04:59 UTC on the 26th is still Wednesday the 25th in New York
    expect(activity?.offReason(Date.parse('2026-11-26T04:59:00Z'))).toBeUndefined();
    expect(activity?.offReason(Date.parse('2026-11-26T05:00:00Z'))).toBe(
      'off: Thanksgiving Day (USA)',
    );
    // and the next check of a DAG without a window is at the next local midnight
    expect(activity?.msUntilNextCheck(Date.parse('2026-11-26T04:30:00Z'))).toBe(30 * 60 * 1000);
  });

  it('names a holiday of two calendars once', () => {
    const activity = activityOf({
      timezone: 'America/Toronto',
      schedule: { holiday_calendars: ['USA', 'CANADA'] },
    });
    expect(activity?.offReason(Date.parse('2026-12-25T17:00:00Z'))).toBe(
      'off: Christmas Day (USA, CANADA)',
    );
    expect(activity?.offReason(Date.parse('2026-07-01T17:00:00Z'))).toBe(
      'off: Canada Day (CANADA)',
    );
  });

  it('runs from a file of the original format with the same schedule', async () => {
    const clock = new ManualClock('2026-11-26T15:00:00Z');
    const original = {
      name: 'market_original',
      start_time: '09:30',
      duration: '6h30m',
      schedule: { days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'], holiday_calendars: ['usa'] },
      subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
      publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
      calculators: [
        {
          name: 'add',
          type: 'core.calculator.core_calculator.AdditionCalculator',
          config: { arguments: ['a', 'b'], output_attribute: 'sum' },
        },
      ],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
        { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
        { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
      ],
      edges: [
        { from_node: 'src', to_node: 'calc' },
        { from_node: 'calc', to_node: 'sink' },
      ],
    };
    const { server, name } = setup(original, 'mem://queue/out', { clock });
    await server.start(name);
    expect(server.details(name).stateReason).toBe('off: Thanksgiving Day (USA)');
    expect(server.details(name).window).toEqual({
      start_time: '0930',
      end_time: '1600',
      timezone: 'America/New_York',
    });
    await server.stop(name);
  });
});

describe('a DAG with a schedule in a worker thread', () => {
  it('is suspended off its days and says why, across the thread', async () => {
    // Runs only three days from today (UTC), so it is off today, whatever day this is.
    const today = localDate(Date.now(), 'UTC').weekday;
    const day = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][(today + 3) % 7] as string;
    const server = new WorkerDagServer({ workers: 1 });
    try {
      await server.add(scheduled({ name: 'threaded', schedule: { days_of_week: [day] } }));
      await server.start('threaded');
      const summary = async () => (await server.list()).find((s) => s.name === 'threaded');
      const got = await summary();
      expect(got?.state).toBe('suspended');
      expect(got?.stateReason).toMatch(/^off: \w+day is not a scheduled day \(runs \w{3}\)$/);
      expect(got?.schedule).toEqual({ days_of_week: [day] });
    } finally {
      await server.close();
    }
  });

  it('reads its holiday calendars in the thread (the package is loaded there on first use)', async () => {
    const server = new WorkerDagServer({ workers: 1 });
    const schedule = { holiday_calendars: ['USA', 'CANADA'], timezone: 'UTC' };
    try {
      await server.add(scheduled({ name: 'holidays', schedule, timezone: 'UTC' }));
      await server.start('holidays');
      const got = (await server.list()).find((s) => s.name === 'holidays');
      // What the host's calendars say of today, the thread must say too.
      const today = localDate(Date.now(), 'UTC');
      const usa = holidayOn('USA', today);
      const canada = holidayOn('CANADA', today);
      if (usa === undefined && canada === undefined) {
        expect(got?.state).toBe('running');
      } else {
        expect(got?.state).toBe('suspended');
        expect(got?.stateReason).toContain(`off: ${usa ?? canada ?? ''}`);
      }
    } finally {
      await server.close();
    }
  });
});
