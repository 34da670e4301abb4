import { describe, expect, it } from 'vitest';
import { SocketRegistry, TooManySubscriptionsError } from './sockets';

describe('subscriptions per session', () => {
  it('caps them, frees a released slot, and aborts them all when the session ends', () => {
    const registry = new SocketRegistry(2, () => 0, 60_000);
    try {
      const a = registry.subscribe('s', 1000);
      const b = registry.subscribe('s', 1000);
      expect(() => registry.subscribe('s', 1000)).toThrow(TooManySubscriptionsError);
      expect(registry.subscribe('other', 1000).signal.aborted).toBe(false);
      a.release();
      a.release();
      const c = registry.subscribe('s', 1000);
      expect(registry.subscriptionCount('s')).toBe(2);
      registry.closeSession('s');
      expect([a, b, c].map((l) => l.signal.aborted)).toEqual([false, true, true]);
      expect(registry.subscriptionCount('s')).toBe(0);
    } finally {
      registry.stop();
    }
  });

  it('aborts the subscriptions of an expired session', () => {
    let now = 0;
    const registry = new SocketRegistry(20, () => now, 60_000);
    try {
      const lease = registry.subscribe('s', 500);
      registry.closeExpired();
      expect(lease.signal.aborted).toBe(false);
      now = 500;
      registry.closeExpired();
      expect(lease.signal.aborted).toBe(true);
    } finally {
      registry.stop();
    }
  });
});
