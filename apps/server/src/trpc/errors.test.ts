import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AdapterError,
  ConfigError,
  InvariantError,
  NotFoundError,
  PayloadError,
} from '@flow/engine';
import { problemAt } from '@flow/shared';
import { hidePaths, toTRPCError } from './errors';

describe('errors become tRPC errors in one place', () => {
  it('a zod input error is a 400 naming each field', () => {
    const parsed = z
      .object({ password: z.string().min(8), role: z.enum(['viewer', 'admin']) })
      .safeParse({ password: 'short', role: 'king' });
    if (parsed.success) throw new Error('expected a failure');
    // As tRPC hands it over: BAD_REQUEST with the ZodError as cause.
    const error = toTRPCError(new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error }));
    expect(error.code).toBe('BAD_REQUEST');
    expect((error.cause as ConfigError).problems.map((p) => p.path)).toEqual([
      '$.password',
      '$.role',
    ]);
  });

  it('a body that is not JSON is a 400 at $', () => {
    const error = toTRPCError(
      new TRPCError({ code: 'BAD_REQUEST', cause: new SyntaxError('Unexpected end') }),
    );
    expect((error.cause as ConfigError).problems).toEqual([
      { path: '$', segments: [], code: 'invalid_json', message: 'not valid JSON: Unexpected end' },
    ]);
  });

  it.each([
    [new ConfigError([problemAt(['name'], 'missing', 'is required')]), 'BAD_REQUEST'],
    [new NotFoundError('no DAG named "x"'), 'NOT_FOUND'],
    [new PayloadError('key "x" is not a column'), 'BAD_REQUEST'],
    [new AdapterError('connection refused'), 'SERVICE_UNAVAILABLE'],
    [new InvariantError('queue below zero'), 'INTERNAL_SERVER_ERROR'],
    [new Error('boom'), 'INTERNAL_SERVER_ERROR'],
  ])('%s, thrown in a procedure, is %s', (thrown, code) => {
    // tRPC wraps what a procedure throws as an internal error with the thrown one as cause.
    const error = toTRPCError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: thrown }));
    expect(error.code).toBe(code);
    if (code === 'INTERNAL_SERVER_ERROR') expect(error.message).toBe('internal error');
    else expect(error.message).toBe(thrown.message);
  });

  it('keeps the tRPC errors procedures throw on purpose', () => {
    const error = new TRPCError({ code: 'FORBIDDEN', message: 'no' });
    expect(toTRPCError(error)).toBe(error);
  });
});

describe('messages keep no absolute server path', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/srv/flow/data/files/x.jsonl'",
      "ENOENT: no such file or directory, open '…/x.jsonl'",
    ],
    ['cannot read /etc/shadow: EACCES', 'cannot read …/shadow: EACCES'],
    ['lost connection to redis://host:6379/0', 'lost connection to redis://host:6379/0'],
    ['file:out.jsonl and a/b/c stay', 'file:out.jsonl and a/b/c stay'],
    ['a ratio 1/2 stays', 'a ratio 1/2 stays'],
  ])('%s', (message, shown) => {
    expect(hidePaths(message)).toBe(shown);
  });
});
