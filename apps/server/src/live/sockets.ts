import type { WebSocket } from 'ws';

/** A live subscription's hold on its session: aborted when the session ends; release frees it. */
export interface SubscriptionLease {
  readonly signal: AbortSignal;
  release(): void;
}

interface Entry {
  readonly expiresAt: number;
  readonly sockets: Set<WebSocket>;
  readonly subscriptions: Set<AbortController>;
}

/** Thrown by `subscribe` when the session holds its most subscriptions already. */
export class TooManySubscriptionsError extends Error {
  override readonly name = 'TooManySubscriptionsError';
}

/**
 * The websockets and live subscriptions (websocket or SSE) of each session, so that they end when
 * their session ends (logout, expiry, a disabled user, a password reset), as the HTTP side would
 * refuse the next request; and so that one session holds at most `maxSubscriptions` at once.
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxSubscriptions = 20,
    private readonly now: () => number = Date.now,
    checkEveryMs = 1000,
  ) {
    this.timer = setInterval(() => this.closeExpired(), checkEveryMs);
    this.timer.unref();
  }

  private entry(sessionId: string, expiresAt: number): Entry {
    let entry = this.bySession.get(sessionId);
    if (!entry) {
      entry = { expiresAt, sockets: new Set(), subscriptions: new Set() };
      this.bySession.set(sessionId, entry);
    }
    return entry;
  }

  add(sessionId: string, expiresAt: number, socket: WebSocket): void {
    const entry = this.entry(sessionId, expiresAt);
    entry.sockets.add(socket);
    socket.once('close', () => entry.sockets.delete(socket));
  }

  /**
   * Takes one of the session's subscription slots, or throws TooManySubscriptionsError. The
   * lease's signal aborts when the session ends; `release` (idempotent) frees the slot.
   */
  subscribe(sessionId: string, expiresAt: number): SubscriptionLease {
    const entry = this.entry(sessionId, expiresAt);
    if (entry.subscriptions.size >= this.maxSubscriptions)
      throw new TooManySubscriptionsError(
        `at most ${this.maxSubscriptions} live subscriptions per session; close one first`,
      );
    const controller = new AbortController();
    entry.subscriptions.add(controller);
    return {
      signal: controller.signal,
      release: () => void entry.subscriptions.delete(controller),
    };
  }

  subscriptionCount(sessionId: string): number {
    return this.bySession.get(sessionId)?.subscriptions.size ?? 0;
  }

  /** Ends every subscription of the session and closes its sockets (code 4401: the session ended). */
  closeSession(sessionId: string): void {
    const entry = this.bySession.get(sessionId);
    if (!entry) return;
    this.bySession.delete(sessionId);
    for (const controller of entry.subscriptions) controller.abort();
    entry.subscriptions.clear();
    for (const socket of entry.sockets) socket.close(4401, 'session ended');
  }

  closeExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.bySession) {
      if (entry.expiresAt <= now) this.closeSession(id);
      else if (entry.sockets.size === 0 && entry.subscriptions.size === 0)
        this.bySession.delete(id);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const id of [...this.bySession.keys()]) this.closeSession(id);
  }
}
