import type { Problem } from '@flow/shared';
import { AdapterError, ConfigError, errorMessage, NotFoundError, PayloadError } from '../errors';

/** An error as it crosses between threads: the engine's error classes are rebuilt on arrival. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

export function toWire(error: unknown): WireError {
  if (error instanceof ConfigError)
    return { name: error.name, message: error.message, problems: error.problems };
  return { name: error instanceof Error ? error.name : 'Error', message: errorMessage(error) };
}

export function fromWire(wire: WireError): Error {
  switch (wire.name) {
    case 'ConfigError':
      return new ConfigError(wire.problems ?? [], wire.message);
    case 'NotFoundError':
      return new NotFoundError(wire.message);
    case 'PayloadError':
      return new PayloadError(wire.message);
    case 'AdapterError':
      return new AdapterError(wire.message);
    default:
      return new Error(wire.message);
  }
}

export interface RequestFrame<R> {
  readonly t: 'req';
  readonly id: number;
  readonly req: R;
}
export interface ReplyFrame {
  readonly t: 'reply';
  readonly id: number;
  readonly value?: unknown;
  readonly error?: WireError;
}

/**
 * Requests and replies over a message port, one side of it: `request` sends and resolves with
 * the other side's reply; `reply` answers one of the other side's requests. Both threads use it.
 */
export class Rpc<Out> {
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly post: (frame: RequestFrame<Out> | ReplyFrame) => void) {}

  request<T>(req: Out): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ t: 'req', id, req });
    });
  }

  /** Settles the request a reply answers. */
  settle(frame: ReplyFrame): void {
    const waiter = this.pending.get(frame.id);
    if (!waiter) return;
    this.pending.delete(frame.id);
    if (frame.error) waiter.reject(fromWire(frame.error));
    else waiter.resolve(frame.value);
  }

  /** Runs the handler of one of the other side's requests and sends its reply. */
  async answer<In>(frame: RequestFrame<In>, handle: (req: In) => unknown): Promise<void> {
    try {
      const value: unknown = await handle(frame.req);
      this.post({ t: 'reply', id: frame.id, value });
    } catch (error) {
      this.post({ t: 'reply', id: frame.id, error: toWire(error) });
    }
  }

  /** Fails every request still waiting (the other side is gone). */
  failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
