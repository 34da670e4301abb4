/**
 * Positions delivered in order and acknowledged in any order. A source may forget (commit) a
 * position once it and every position delivered before it are acknowledged: the highest
 * contiguous acknowledged one. Contiguous in delivery order, not in value: Kafka's offsets have
 * gaps (compaction, transaction markers), a table's cursors are whatever its column holds.
 * Used by the Kafka subscriber (one per partition) and the SQL subscriber.
 */
export class ContiguousAcks<T extends string | bigint> {
  /** Delivered positions, oldest first; from `head` on not yet passed by advance(). */
  private entries: { readonly position: T; acked: boolean }[] = [];
  private head = 0;

  /**
   * Adds a position delivered after every other one. Returns its acknowledgement, which is true
   * the first time it is called and false after that.
   */
  push(position: T): () => boolean {
    const entry = { position, acked: false };
    this.entries.push(entry);
    return () => {
      if (entry.acked) return false;
      entry.acked = true;
      return true;
    };
  }

  /**
   * Moves past the acknowledged positions at the front: the last of them, the new highest
   * contiguous acknowledged position, or undefined when the front is not acknowledged.
   */
  advance(): T | undefined {
    const entries = this.entries;
    let head = this.head;
    let done: T | undefined;
    while (head < entries.length && entries[head]!.acked) done = entries[head++]!.position;
    if (head === entries.length) {
      this.entries = [];
      head = 0;
    } else if (head > 1024 && head * 2 > entries.length) {
      this.entries = entries.slice(head);
      head = 0;
    }
    this.head = head;
    return done;
  }
}
