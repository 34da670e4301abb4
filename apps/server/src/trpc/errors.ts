import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AdapterError, ConfigError, NotFoundError, PayloadError } from '@flow/engine';
import { problemAt, type Problem, type ProblemCode } from '@flow/shared';

/** A request the server refuses as sent (400), with every problem found in it. */
export const badRequest = (problems: readonly Problem[]): TRPCError =>
  new TRPCError({
    code: 'BAD_REQUEST',
    message: summary(problems),
    cause: new ConfigError(problems),
  });

const summary = (problems: readonly Problem[]) =>
  problems.map((p) => `${p.path}: ${p.message}`).join('; ');

function codeOf(issue: z.core.$ZodIssue): ProblemCode {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'missing' : 'invalid_type';
    case 'unrecognized_keys':
      return 'unknown_key';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'invalid_value';
    default:
      return 'invalid_value';
  }
}

/** The problems of a zod error, each at its JSON path (`$.password`). */
export const zodProblems = (error: z.ZodError): Problem[] =>
  error.issues.map((issue) => problemAt(issue.path, codeOf(issue), issue.message));

/**
 * Every error a procedure throws becomes a tRPC error here, in one place: the user's bad input
 * is a 400 naming the field, a missing thing a 404, an adapter's passing fault a 503 with its
 * message, anything else (a bug, an `InvariantError`) a 500 that says nothing of the server's
 * insides and that the server logs loudly (see `onError` in server.ts).
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    // tRPC wraps what it did not throw itself as an internal error: look at what it wraps.
    if (
      error.code === 'INTERNAL_SERVER_ERROR' &&
      error.cause &&
      !(error.cause instanceof TRPCError)
    )
      return toTRPCError(error.cause);
    if (error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError)
      return badRequest(zodProblems(error.cause));
    if (error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError)
      return badRequest([problemAt([], 'invalid_json', `not valid JSON: ${error.cause.message}`)]);
    return error;
  }
  if (error instanceof ConfigError)
    return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  if (error instanceof z.ZodError) return badRequest(zodProblems(error));
  if (error instanceof NotFoundError)
    return new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
  if (error instanceof PayloadError)
    return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  if (error instanceof AdapterError)
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'internal error',
    cause: error instanceof Error ? error : undefined,
  });
}

/**
 * A message as a viewer may read it: absolute server paths (`/srv/flow/data/x.jsonl`) keep only
 * their last part, so an error never shows where the server keeps its files. URLs keep theirs.
 */
export function hidePaths(message: string): string {
  return message.replace(
    /(?<![\w.:/~-])\/(?:[^\s'"`/]+\/)+([^\s'"`/]*)/g,
    (_match, last: string) => `…/${last}`,
  );
}
