import type { Problem } from '@flow/shared';

/** A user's bad input: a DAG config, a name, a request. Carries every problem found. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: readonly Problem[],
    message = problems.map((p) => `${p.path}: ${p.message}`).join('; '),
  ) {
    super(message);
  }
}

/** Something named does not exist (an unknown DAG, node or subscriber). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A passing operational fault of an adapter (a lost connection, a refused write): retried and shown on the node. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  constructor(
    message: string,
    readonly retryAt?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Messages a destination refuses as they are (e.g. keys that are not columns): not retried. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** A bug: a state the engine should never reach. Logged loudly. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
