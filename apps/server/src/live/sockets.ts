import type { WebSocket } from 'ws';

/**
 * The websockets of each session, so that a socket closes when its session ends (logout,
 * expiry, a disabled user), as the HTTP side would refuse the next request.
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, { expiresAt: number; sockets: Set<WebSocket> }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    checkEveryMs = 1000,
  ) {
    this.timer = setInterval(() => this.closeExpired(), checkEveryMs);
    this.timer.unref();
  }

  add(sessionId: string, expiresAt: number, socket: WebSocket): void {
    let entry = this.bySession.get(sessionId);
    if (!entry) this.bySession.set(sessionId, (entry = { expiresAt, sockets: new Set() }));
    entry.sockets.add(socket);
    socket.once('close', () => entry.sockets.delete(socket));
  }

  /** Closes every socket of the session (code 4401: the session ended). */
  closeSession(sessionId: string): void {
    const entry = this.bySession.get(sessionId);
    if (!entry) return;
    for (const socket of entry.sockets) socket.close(4401, 'session ended');
    this.bySession.delete(sessionId);
  }

  closeExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.bySession) {
      if (entry.expiresAt <= now) this.closeSession(id);
      else if (entry.sockets.size === 0) this.bySession.delete(id);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const id of [...this.bySession.keys()]) this.closeSession(id);
  }
}
