import { describe, expect, it } from 'vitest';
import { hhmmSchema } from '../dag-schema';
import { loginInputSchema, passwordSchema, usernameSchema } from './auth';
import { cloneInputSchema } from './dags';
import { liveEventSchema } from './state';
import { createUserInputSchema } from './users';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('the API rules, written once', () => {
  it('HHMM: a time of day from 0000 to 2359', () => {
    for (const t of ['0000', '0930', '1730', '2359']) expect(ok(hhmmSchema, t)).toBe(true);
    for (const t of ['2400', '0960', '17:00', '930', '']) expect(ok(hhmmSchema, t)).toBe(false);
  });

  it('user names: 2 to 64 of letters, digits, _ . -, starting with a letter', () => {
    for (const u of ['al', 'a.b-c_1', `a${'b'.repeat(63)}`])
      expect(ok(usernameSchema, u)).toBe(true);
    for (const u of ['a', '1abc', 'al ice', `a${'b'.repeat(64)}`, ''])
      expect(ok(usernameSchema, u)).toBe(false);
  });

  it('passwords: 8 to 1000 characters for a new one; any non-empty one to log in', () => {
    expect(ok(passwordSchema, '1234567')).toBe(false);
    expect(ok(passwordSchema, '12345678')).toBe(true);
    expect(ok(passwordSchema, 'x'.repeat(1001))).toBe(false);
    expect(ok(loginInputSchema, { username: 'a', password: 'short' })).toBe(true);
    expect(ok(createUserInputSchema, { username: 'al', password: 'short', role: 'viewer' })).toBe(
      false,
    );
  });

  it('a clone names its copy and takes a window in full, each end as HHMM', () => {
    expect(ok(cloneInputSchema, { name: 'orders', newName: 'night' })).toBe(true);
    const window = (start_time: string, end_time: string) => ({
      name: 'orders',
      newName: 'day',
      window: { start_time, end_time },
    });
    expect(ok(cloneInputSchema, window('0900', '1730'))).toBe(true);
    expect(ok(cloneInputSchema, window('2400', '1730'))).toBe(false);
    expect(ok(cloneInputSchema, window('0900', ''))).toBe(false);
    expect(ok(cloneInputSchema, { name: 'orders', newName: 'a-b' })).toBe(false);
  });

  it('a live node carries input, output and errors only when inspected', () => {
    const node = {
      name: 'n',
      type: 'CalculationNode',
      dirty: false,
      computeCount: 1,
      rate: 0,
      lastComputeAt: null,
      errorCount: 0,
      warningCount: 0,
    };
    const dag = {
      name: 'd',
      state: 'running',
      window: null,
      propagate: 'every',
      nodeCount: 1,
      rate: 0,
      errorCount: 0,
    };
    expect(ok(liveEventSchema, { type: 'delta', dag, nodes: [node] })).toBe(true);
    expect(
      ok(liveEventSchema, {
        type: 'snapshot',
        dag,
        nodes: [{ ...node, input: { x: 1 }, output: { y: 2 }, errors: [] }],
      }),
    ).toBe(true);
    expect(ok(liveEventSchema, { type: 'delta', dag, nodes: [{ ...node, errors: 'no' }] })).toBe(
      false,
    );
  });
});
