import { monotonicNow } from '../runtime/lease';

/**
 * The watchdog's lease. A ZooKeeper server expires a session when it heard nothing from it for
 * the session timeout, counted from a moment no earlier than the start of our last successful
 * round trip. So until start + 2/3 of the timeout the session cannot have expired, whatever the
 * client library believes (node-zookeeper-client can stay "connected" through a long partition
 * and miss the expiry). Past that, nothing may run.
 */

export class Lease {
  private validUntil = 0;
  private lastStart: number | undefined;
  private readonly shared: Float64Array | undefined;

  constructor(
    readonly sessionTimeoutMs: number,
    private readonly now: () => number = monotonicNow,
    /** Float64 [0] = validUntil, read by the engine's workers (its sources process nothing past it). */
    buffer?: SharedArrayBuffer,
  ) {
    this.shared = buffer ? new Float64Array(buffer, 0, 1) : undefined;
    this.publish();
  }

  /** A round trip that started at `startedAt` (on this lease's clock) got its answer. */
  renewed(startedAt: number): void {
    this.lastStart = Math.max(this.lastStart ?? startedAt, startedAt);
    // A reply can come long after its request (a process resumed from SIGSTOP reads it at once):
    // it proves the session lived when the request left, no later.
    const until = startedAt + (this.sessionTimeoutMs * 2) / 3;
    if (until > this.validUntil) {
      this.validUntil = until;
      this.publish();
    }
  }

  /** A new session starts: its silence counts from now (the lease itself waits for a round trip). */
  begin(): void {
    this.lastStart = this.now();
  }

  /** The connection is gone: the lease ends now (a later round trip renews it). */
  lose(): void {
    this.validUntil = 0;
    this.publish();
  }

  valid(): boolean {
    return this.now() < this.validUntil;
  }

  /** Until when the lease holds, or 0 when it is lost or lapsed. */
  until(): number {
    return this.valid() ? this.validUntil : 0;
  }

  /** Since when no round trip succeeded (ms), counted from the start of the last one that did. */
  silentFor(): number {
    return this.lastStart === undefined ? 0 : this.now() - this.lastStart;
  }

  private publish(): void {
    if (this.shared) this.shared[0] = this.validUntil;
  }
}

export interface WatchdogOptions {
  readonly lease: Lease;
  readonly now?: () => number;
  /** One round trip to ZooKeeper (an `exists` of the root); rejects when it gets no answer. */
  readonly roundTrip: () => Promise<void>;
  /** The lease lapsed (once per lapse): step down now. */
  readonly onLapse: () => void;
  /** A round trip renewed a lapsed lease. */
  readonly onRenew: () => void;
  /** No round trip succeeded for a whole session timeout (once per silence). */
  readonly onSilent: () => void;
  /** How often the lease is checked; default 100 ms. */
  readonly checkEveryMs?: number;
}

/**
 * Sends a round trip every sixth of the session timeout, checks the lease every 100 ms, and when
 * its timer fires late by more than a third of the session timeout (the process was frozen, e.g.
 * SIGSTOP) it checks at once and sends a round trip: a resumed process notices at its first tick.
 */
export class Watchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTick = 0;
  private lastProbe = Number.NEGATIVE_INFINITY;
  private probing = false;
  private lapsed = true;
  private silent = false;
  private readonly now: () => number;
  private readonly every: number;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? monotonicNow;
    this.every = options.checkEveryMs ?? 100;
  }

  start(): void {
    if (this.timer) return;
    this.lastTick = this.now();
    this.timer = setInterval(() => this.tick(), this.every);
    this.timer.unref?.();
    this.probe();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A round trip now (e.g. on a reconnect), unless one is under way. */
  probe(): void {
    if (this.probing) return;
    this.probing = true;
    const startedAt = this.now();
    this.lastProbe = startedAt;
    this.options
      .roundTrip()
      .then(
        () => {
          this.options.lease.renewed(startedAt);
          this.silent = false;
          this.check();
        },
        () => undefined,
      )
      .finally(() => {
        this.probing = false;
      });
  }

  /** The lease is gone (a disconnect): report the lapse now rather than at the next tick. */
  lost(): void {
    this.options.lease.lose();
    this.check();
  }

  tick(): void {
    const now = this.now();
    const { sessionTimeoutMs } = this.options.lease;
    const late = now - this.lastTick > this.every + sessionTimeoutMs / 3;
    this.lastTick = now;
    this.check();
    if (late || now - this.lastProbe >= sessionTimeoutMs / 6) this.probe();
  }

  private check(): void {
    const { lease } = this.options;
    const valid = lease.valid();
    if (!valid && !this.lapsed) {
      this.lapsed = true;
      this.options.onLapse();
    } else if (valid && this.lapsed) {
      this.lapsed = false;
      this.options.onRenew();
    }
    if (lease.silentFor() <= lease.sessionTimeoutMs) {
      this.silent = false;
    } else if (!this.silent) {
      this.silent = true;
      this.options.onSilent();
    }
  }
}
