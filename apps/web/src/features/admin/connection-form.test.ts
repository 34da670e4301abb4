import { describe, expect, it } from 'vitest';
import { emptyForm, formFromSummary, toSaveInput } from './connection-form';

describe('connection form', () => {
  it('makes a redis connection from its URL', () => {
    const result = toSaveInput({ ...emptyForm('redis'), name: 'cache', url: ' redis://h:6379 ' });
    expect(result.input).toEqual({
      kind: 'redis',
      name: 'cache',
      settings: { url: 'redis://h:6379' },
    });
  });

  it('names each bad field', () => {
    expect(toSaveInput({ ...emptyForm('sql'), name: '1x' }).errors).toEqual({
      name: expect.any(String),
      url: expect.any(String),
      table: expect.any(String),
    });
    expect(toSaveInput({ ...emptyForm('kafka'), name: 'k' }).errors).toEqual({
      brokers: expect.any(String),
    });
  });

  it('keeps a stored SASL password when the field is left empty (sends ***)', () => {
    const form = formFromSummary({
      kind: 'kafka',
      name: 'events',
      origin: 'stored',
      settings: {
        brokers: ['b:9092'],
        ssl: true,
        sasl: { mechanism: 'plain', username: 'u', password: '***' },
      },
    });
    expect(form.saslPassword).toBe('');
    expect(toSaveInput(form).input).toEqual({
      kind: 'kafka',
      name: 'events',
      settings: {
        brokers: ['b:9092'],
        ssl: true,
        sasl: { mechanism: 'plain', username: 'u', password: '***' },
      },
    });
    expect(toSaveInput({ ...form, hasStoredPassword: false }).errors).toEqual({
      saslPassword: 'Enter the password',
    });
  });
});
