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
    return view === undefined || Date.now() <= (view[0] as number);
  }
}

/** A lease buffer for a server to write (`validUntil` starts at `Infinity`: no lease). */
export function newLeaseBuffer(validUntil = Infinity): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  new Float64Array(buffer)[0] = validUntil;
  return buffer;
}
