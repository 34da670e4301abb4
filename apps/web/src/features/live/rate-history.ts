/**
 * The one rate a node shows, on the canvas and in the inspector alike, and its recent history
 * (the inspector's sparkline). The browser samples each watched node's compute count once a
 * second: the rate shown is the count's growth over the last few seconds, steadier than the
 * engine's rate over the last second (a metronome at 1/s reads 0, 1 or 2 there, by phase).
 * Free of React and of the DOM.
 */

/** Samples kept per node: one a second for five minutes. */
export const RATE_SAMPLES = 300;
/** The rate shown is the growth of the count over this many samples (seconds). */
export const RATE_WINDOW = 5;

export interface CountSource {
  readonly computeCount: number;
  /** The engine's computes per second over the last second. */
  readonly rate: number;
}

interface Track {
  /** The last RATE_WINDOW + 1 counts and their times, oldest first. */
  counts: number[];
  times: number[];
  /** The rates shown, one a sample, in a ring. */
  readonly rates: Float32Array;
  /** Samples taken (the ring's next slot is `taken % RATE_SAMPLES`). */
  taken: number;
  /** The rate shown now. */
  current: number;
}

/**
 * The rate a node shows: its count's growth per second over up to RATE_WINDOW seconds once two
 * samples of it span a second or more, the engine's own rate until then.
 */
export function windowRate(counts: readonly number[], times: readonly number[], engine: number) {
  const n = counts.length;
  if (n < 2) return engine;
  const seconds = (times[n - 1]! - times[0]!) / 1000;
  if (seconds < 1) return engine;
  return Math.max(0, (counts[n - 1]! - counts[0]!) / seconds);
}

export class RateHistory {
  private readonly tracks = new Map<string, Track>();

  /** Records each node's count at `now` (ms); forgets the nodes no longer there. */
  sample(now: number, nodes: Readonly<Record<string, CountSource>>): void {
    for (const name of this.tracks.keys()) if (!(name in nodes)) this.tracks.delete(name);
    for (const [name, node] of Object.entries(nodes)) {
      let track = this.tracks.get(name);
      if (!track) {
        track = {
          counts: [],
          times: [],
          rates: new Float32Array(RATE_SAMPLES),
          taken: 0,
          current: 0,
        };
        this.tracks.set(name, track);
      }
      // A count going back: the DAG started again; its history before that says nothing now.
      if (track.counts.length && node.computeCount < track.counts[track.counts.length - 1]!) {
        track.counts = [];
        track.times = [];
      }
      track.counts.push(node.computeCount);
      track.times.push(now);
      if (track.counts.length > RATE_WINDOW + 1) {
        track.counts.shift();
        track.times.shift();
      }
      track.current = windowRate(track.counts, track.times, node.rate);
      track.rates[track.taken % RATE_SAMPLES] = track.current;
      track.taken++;
    }
  }

  /** The rate `name` shows now, if it has been sampled. */
  rate(name: string): number | undefined {
    return this.tracks.get(name)?.current;
  }

  /** The rates shown now, by node. */
  rates(): Record<string, number> {
    const out: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [name, track] of this.tracks) out[name] = track.current;
    return out;
  }

  /** `name`'s rates over the last RATE_SAMPLES seconds at most, oldest first. */
  points(name: string): number[] {
    const track = this.tracks.get(name);
    if (!track) return [];
    const n = Math.min(track.taken, RATE_SAMPLES);
    const out: number[] = [];
    for (let i = track.taken - n; i < track.taken; i++) out.push(track.rates[i % RATE_SAMPLES]!);
    return out;
  }

  clear(): void {
    this.tracks.clear();
  }
}

/** The rate a node shows: the sampled one (RateHistory), else the engine's. */
export function shownRate(
  rates: Readonly<Record<string, number>>,
  node: { readonly name: string; readonly rate: number },
): number {
  return rates[node.name] ?? node.rate;
}
