import { redactText } from '@flow/shared';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';

export interface RetryOptions {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly initialMs?: number;
  readonly maxMs?: number;
  /** Called after each failure with the time of the next attempt, to show on the node. */
  readonly onFailure: (error: string, nextRetryAt: number, attempt: number) => void;
}

export class AbortedError extends Error {
  override readonly name = 'AbortedError';
}

/** Waits on the injectable clock; rejects with AbortedError when the signal aborts. */
export function sleep(ms: number, clock: Clock, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError('aborted'));
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(new AbortedError('aborted'));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The work's result, or AbortedError as soon as the signal aborts: for awaits that a client may
 * never settle (a command queued while its broker is unreachable).
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(new AbortedError('aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Waits for `work` at most `ms` milliseconds (real time, whatever the DAG's clock): true when it
 * settled in time, false when the bound passed first (the work goes on unobserved). A rejection
 * counts as settled: callers handle their own errors.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The delay before attempt `attempt` (1-based): doubling from initialMs up to maxMs, with ±20% jitter. */
export function backoffDelay(attempt: number, initialMs = 250, maxMs = 30_000): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Runs the operation until it succeeds or the signal aborts, backing off between failures. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new AbortedError('aborted');
    try {
      return await operation();
    } catch (error) {
      if (options.signal.aborted) throw new AbortedError('aborted');
      const delay = backoffDelay(attempt, options.initialMs, options.maxMs);
      options.onFailure(errorMessage(error), options.clock.now() + delay, attempt);
      await sleep(delay, options.clock, options.signal);
    }
  }
}

/** Removes credentials (URL passwords, secret query parameters) from a text before it is shown or logged. */
export function redact(text: string): string {
  return redactText(text);
}
