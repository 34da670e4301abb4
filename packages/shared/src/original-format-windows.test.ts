import { describe, expect, it } from 'vitest';
import { parseDuration } from './original-format-windows';
import { isInWindow } from './time-window';
import { validateDag, type ValidationResult } from './validate';

/** A small DAG as the original system (DishtaYantra) writes it, with a window patched in. */
function original(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'windowed',
    subscribers: [],
    publishers: [{ name: 'out', config: { destination: 'mem://topic/out' } }],
    calculators: [],
    transformers: [],
    nodes: [
      { name: 'tick', type: 'MetronomeNode', config: { interval: 1 } },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [{ from_node: 'tick', to_node: 'sink' }],
    ...patch,
  };
}

function converted(patch: Record<string, unknown>) {
  const result = validateDag(original(patch));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return { dag: result.dag, warnings: result.warnings ?? [] };
}

function problems(result: ValidationResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => ({ path: p.path, code: p.code }));
}

const at = (iso: string): number => Date.parse(iso);

describe('durations of the original', () => {
  it.each([
    ['6h30m', 390],
    ['1h', 60],
    ['45m', 45],
    ['90m', 90],
    ['2h15m', 135],
    [' 1H30M ', 90],
  ])('%j is %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each(['', '0h', '0m', '1.5h', '30', 'h', '1h 30m', '30m1h', '-1h', 'abc'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('the window of an original file', () => {
  it('converts start_time with duration into our end_time, for each duration form', () => {
    expect(converted({ start_time: '0900', duration: '6h30m' }).dag).toMatchObject({
      start_time: '0900',
      end_time: '1530',
    });
    expect(converted({ start_time: '0900', duration: '1h' }).dag.end_time).toBe('1000');
    expect(converted({ start_time: '0900', duration: '45m' }).dag.end_time).toBe('0945');
    // past midnight: the window wraps
    expect(converted({ start_time: '2200', duration: '8h' }).dag.end_time).toBe('0600');
    expect('duration' in converted({ start_time: '2200', duration: '8h' }).dag).toBe(false);
  });

  it('takes HH:MM times as the original does', () => {
    expect(converted({ start_time: '06:00', duration: '1h30m' }).dag).toMatchObject({
      start_time: '0600',
      end_time: '0730',
    });
    expect(converted({ start_time: '09:00', end_time: '17:00' }).dag).toMatchObject({
      start_time: '0900',
      end_time: '1700',
    });
  });

  it('ends the window 5 minutes before its start when neither duration nor end_time is given', () => {
    for (const patch of [
      { start_time: '0600' },
      { start_time: '0600', duration: null },
      { start_time: '0600', duration: null, end_time: null },
    ]) {
      const { dag } = converted(patch);
      expect(dag).toMatchObject({ start_time: '0600', end_time: '0555' });
      const window = { start_time: '0600', end_time: '0555', timezone: dag.timezone };
      // on for all but the 4 minutes 05:56 to 05:59, both ends inclusive
      expect(isInWindow(at('2026-03-02T05:55:00Z'), window)).toBe(true);
      expect(isInWindow(at('2026-03-02T05:56:00Z'), window)).toBe(false);
      expect(isInWindow(at('2026-03-02T05:59:00Z'), window)).toBe(false);
      expect(isInWindow(at('2026-03-02T06:00:00Z'), window)).toBe(true);
    }
    // 5 minutes before 00:02 is the evening before
    expect(converted({ start_time: '0002' }).dag.end_time).toBe('2357');
  });

  it('keeps end_time when duration is null, and lets duration win over end_time', () => {
    expect(converted({ start_time: '0900', end_time: '1700', duration: null }).dag).toMatchObject({
      start_time: '0900',
      end_time: '1700',
    });
    const both = converted({ start_time: '0900', end_time: '1700', duration: '1h' });
    expect(both.dag.end_time).toBe('1000');
    expect(both.warnings.map((w) => w.path)).toContain('$.end_time');
  });

  it('runs at all times when start_time is null or missing, saying that duration is ignored', () => {
    for (const patch of [
      { start_time: null, duration: '1h' },
      { duration: '1h' },
      { start_time: null, end_time: '1700' },
    ]) {
      const { dag, warnings } = converted(patch);
      expect(dag.start_time).toBeUndefined();
      expect(dag.end_time).toBeUndefined();
      expect(
        warnings.find((w) => w.path === '$.duration' || w.path === '$.end_time')?.message,
      ).toMatch(/no start_time, so the DAG runs at all times/);
    }
    const { dag, warnings } = converted({ start_time: null, end_time: null, duration: null });
    expect(dag.start_time).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('refuses a bad duration with one problem at $.duration', () => {
    for (const duration of ['6x', '1.5h', 90, '0m', '24h', '1500m']) {
      const result = validateDag(original({ start_time: '0900', duration }));
      expect(problems(result)).toEqual([{ path: '$.duration', code: 'invalid_value' }]);
    }
    const result = validateDag(original({ start_time: '0900', duration: '6x' }));
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      '"6x" is not a duration: use hours and/or minutes such as "6h30m", "1h" or "45m"',
    );
  });

  it('refuses a bad start_time with one problem at $.start_time', () => {
    for (const start_time of ['9am', '2500', 930]) {
      const result = validateDag(original({ start_time, duration: '1h' }));
      expect(problems(result)).toEqual([{ path: '$.start_time', code: 'invalid_value' }]);
    }
  });

  it("warns that the original read the window in the server's local time, unless a zone is set", () => {
    const plain = converted({ start_time: '0900', duration: '8h' });
    expect(plain.dag.timezone).toBe('UTC');
    expect(plain.warnings.map((w) => w.path)).toEqual(['$.start_time']);
    const zoned = converted({ start_time: '0900', duration: '8h', timezone: 'Europe/Paris' });
    expect(zoned.warnings).toEqual([]);
  });
});

describe('the schedule of an original file', () => {
  it('is kept, read in America/New_York when it names no zone (as the original)', () => {
    const { dag, warnings } = converted({
      start_time: '09:30',
      duration: '6h30m',
      schedule: {
        days_of_week: ['mon', 'Tuesday', 'WED', 'thurs', 'fri'],
        exclude_days_of_week: null,
        holiday_calendars: ['USA', 'canada'],
      },
    });
    expect(dag).toMatchObject({ start_time: '0930', end_time: '1600' });
    expect(dag.schedule).toEqual({
      days_of_week: ['mon', 'Tuesday', 'WED', 'thurs', 'fri'],
      holiday_calendars: ['USA', 'canada'],
      timezone: 'America/New_York',
    });
    expect(warnings).toEqual([]);
  });

  it('keeps a zone it names, and drops a schedule that sets nothing', () => {
    expect(
      converted({ schedule: { holiday_calendars: ['USA'], timezone: 'America/Toronto' } }).dag
        .schedule?.timezone,
    ).toBe('America/Toronto');
    expect(converted({ schedule: {} }).dag.schedule).toBeUndefined();
    expect(converted({ schedule: null }).dag.schedule).toBeUndefined();
    expect(
      converted({ schedule: { days_of_week: null, holiday_calendars: [] } }).dag.schedule,
    ).toBeUndefined();
  });

  it('refuses bad day names, unknown calendars and bad time zones at their original paths', () => {
    const result = validateDag(
      original({
        schedule: {
          days_of_week: ['mon', 'funday'],
          exclude_days_of_week: ['sat', 7],
          holiday_calendars: ['USA', 'NYSE'],
          timezone: 'Mars/Olympus',
        },
      }),
    );
    expect(problems(result)).toEqual(
      expect.arrayContaining([
        { path: '$.schedule.days_of_week[1]', code: 'invalid_value' },
        { path: '$.schedule.exclude_days_of_week[1]', code: 'invalid_type' },
        { path: '$.schedule.holiday_calendars[1]', code: 'invalid_value' },
        { path: '$.schedule.timezone', code: 'invalid_timezone' },
      ]),
    );
    if (result.ok) return;
    const message = (path: string) => result.problems.find((p) => p.path === path)?.message;
    expect(message('$.schedule.days_of_week[1]')).toBe(
      '"funday" is not a day name: use mon, tue, wed, thu, fri, sat, sun or the full names',
    );
    expect(message('$.schedule.holiday_calendars[1]')).toBe(
      'unknown holiday calendar "NYSE": calendars are USA, CANADA',
    );
    expect(message('$.schedule.timezone')).toContain('"Mars/Olympus" is not a time zone');
  });

  it('refuses a key the original does not know, as the original does', () => {
    const result = validateDag(original({ schedule: { weekdays: ['mon'] } }));
    expect(problems(result)).toEqual([{ path: '$.schedule.weekdays', code: 'unknown_key' }]);
  });
});
