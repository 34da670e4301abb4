import type { SubscriptionChannel } from './subscription-channel';

/**
 * Milliseconds since the epoch on a clock that never goes back (a wall-clock step does not move
 * it): the clock of the cluster's lease, in every thread (each thread's `timeOrigin` is the wall
 * clock when it started).
 */
export const monotonicNow = (): number => performance.timeOrigin + performance.now();

/** What a node records when its source's messages were not processed for a lapsed lease. */
export const FENCED_MESSAGE = "not processed: this instance's cluster lease lapsed";

/**
 * The run lease of a cluster member (issue 16), as its sources see it: a Float64 in a
 * SharedArrayBuffer, `validUntil` in ms since the epoch, written by the server's cluster node and
 * read here by every DAG (in this thread and in every worker, sharing the same memory). Past it,
 * source messages are not processed: a process resumed from SIGSTOP runs nothing even before its
 * main thread notices that it lost its lease. No buffer (or `Infinity` in it): a single server.
 */
export class RunLease {
  private view: Float64Array | undefined;

  set(buffer: SharedArrayBuffer | undefined): void {
    if (buffer !== undefined && buffer.byteLength < Float64Array.BYTES_PER_ELEMENT)
      throw new TypeError(
        `the lease buffer holds ${buffer.byteLength} bytes: it must hold one Float64 (8 bytes)`,
      );
    this.view = buffer === undefined ? undefined : new Float64Array(buffer, 0, 1);
  }

  get buffer(): SharedArrayBuffer | undefined {
    return this.view?.buffer as SharedArrayBuffer | undefined;
  }

  /** Whether sources may hand messages to their DAG now: one read and one comparison. */
  valid(): boolean {
    const view = this.view;
    return view === undefined || monotonicNow() <= (view[0] as number);
  }
}

/**
 * A lease buffer for a server to write (`validUntil` starts at `Infinity`: no lease); `validUntil`
 * is on the `monotonicNow` clock.
 */
export function newLeaseBuffer(validUntil = Infinity): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  new Float64Array(buffer)[0] = validUntil;
  return buffer;
}

/**
 * The one check of the run lease in a DAG, per batch of a source's queued messages (one read and
 * one comparison per batch of up to 512). Past the lease the batch is taken out unprocessed and
 * unacknowledged (a Kafka offset stays uncommitted, a file position unsaved: the next owner reads
 * them), counted as `fenced` on the source's node, and the first such batch of a lapse is
 * recorded on its node as an error.
 */
export class LeaseFence {
  /** Set once a lapse was recorded, until the lease is valid again. */
  private noted = false;

  constructor(private readonly lease: RunLease) {}

  /** Whether the lease has lapsed: then the channel's next `count` messages were fenced. */
  holds(channel: SubscriptionChannel, count: number): boolean {
    if (this.lease.valid()) {
      this.noted = false;
      return false;
    }
    for (let i = 0; i < count; i++) {
      channel.take();
      channel.takeAck();
    }
    channel.fenced += count;
    if (!this.noted) {
      this.noted = true;
      channel.node.record('error', FENCED_MESSAGE, undefined);
    }
    return true;
  }
}

/** The `validUntil` a lease buffer holds. */
export const leaseValidUntil = (buffer: SharedArrayBuffer): number =>
  new Float64Array(buffer, 0, 1)[0] as number;
