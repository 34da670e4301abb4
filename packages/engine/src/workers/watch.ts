/**
 * What a worker's host reads of the compute running in it, without asking the worker (which may
 * be stuck in it): a few integers in memory both threads share. The worker writes them on every
 * message and every node step (a typed-array store each); the host's watchdog reads them.
 */
export const WATCH_SEQ = 0;
/**
 * The DAG computing now and its source node: `slot * WATCH_SOURCES + source index` (0: none).
 * The source's message is that node's `input` (a pass sets it first).
 */
export const WATCH_DAG = 1;
export const WATCH_SOURCES = 65_536;
/** The index of the node computing now within its DAG. */
export const WATCH_NODE = 2;
const WATCH_LENGTH = 4;

/** Shared with a worker's host, or private (in-thread mode, where nobody watches). */
export function newWatch(shared: boolean): Int32Array {
  const bytes = WATCH_LENGTH * Int32Array.BYTES_PER_ELEMENT;
  return new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/** The DAG slot and source node index in a `WATCH_DAG` value. */
export function watchedDag(value: number): { slot: number; source: number } {
  return { slot: Math.floor(value / WATCH_SOURCES), source: value % WATCH_SOURCES };
}
