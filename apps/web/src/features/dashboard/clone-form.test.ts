import { describe, expect, it } from 'vitest';
import { parseCloneForm, suggestCloneName } from './clone-form';

const existing = ['orders', 'orders_copy'];

describe('parseCloneForm', () => {
  it('accepts a new name with no window', () => {
    expect(parseCloneForm('orders', { newName: ' night ', start: '', end: '' }, existing)).toEqual({
      ok: true,
      input: { name: 'orders', newName: 'night' },
    });
  });

  it('accepts a window given in full', () => {
    const result = parseCloneForm('orders', { newName: 'day', start: '0900', end: '1730' }, []);
    expect(result).toEqual({
      ok: true,
      input: { name: 'orders', newName: 'day', window: { start_time: '0900', end_time: '1730' } },
    });
  });

  it('rejects bad and taken names', () => {
    const check = (newName: string) =>
      parseCloneForm('orders', { newName, start: '', end: '' }, existing);
    expect(check('')).toMatchObject({ ok: false, errors: { newName: 'Enter a name' } });
    expect(check('123')).toMatchObject({ ok: false, errors: { newName: expect.any(String) } });
    expect(check('a-b')).toMatchObject({ ok: false, errors: { newName: expect.any(String) } });
    expect(check('orders_copy')).toMatchObject({
      ok: false,
      errors: { newName: 'A DAG named orders_copy already exists' },
    });
  });

  it('wants both window ends or neither, each as HHMM', () => {
    const check = (start: string, end: string) =>
      parseCloneForm('orders', { newName: 'x1', start, end }, []);
    expect(check('0900', '')).toMatchObject({ ok: false, errors: { end: expect.any(String) } });
    expect(check('', '1700')).toMatchObject({ ok: false, errors: { start: expect.any(String) } });
    expect(check('2400', '1700')).toMatchObject({
      ok: false,
      errors: { start: 'HHMM, e.g. 0900' },
    });
    expect(check('0900', '17:00')).toMatchObject({ ok: false, errors: { end: 'HHMM, e.g. 1730' } });
  });
});

describe('suggestCloneName', () => {
  it('finds a free name', () => {
    expect(suggestCloneName('x', [])).toBe('x_copy');
    expect(suggestCloneName('orders', existing)).toBe('orders_copy2');
  });
});
