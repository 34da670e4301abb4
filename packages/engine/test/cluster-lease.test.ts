import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lease, Watchdog } from '../src/cluster/lease';
import { leaseValidUntil, newLeaseBuffer } from '../src/runtime/lease';
import { backoffMs } from '../src/cluster/zk';

const T = 6000; // session timeout

describe('Lease', () => {
  it('holds until the start of the last successful round trip + 2/3 of the session timeout', () => {
    let now = 1_000_000;
    const lease = new Lease(T, () => now);
    expect(lease.valid()).toBe(false);
    expect(lease.until()).toBe(0);
    lease.renewed(now - 500); // the reply came 500 ms after the request left
    expect(lease.until()).toBe(now - 500 + 4000);
    now += 3499;
    expect(lease.valid()).toBe(true);
    now += 1;
    expect(lease.valid()).toBe(false);
    expect(lease.until()).toBe(0);
  });

  it('never goes back on an older round trip, and ends at once when lost', () => {
    let now = 0;
    const lease = new Lease(T, () => now);
    lease.renewed(1000);
    lease.renewed(500); // a late reply to an older request
    expect(lease.until()).toBe(5000);
    lease.lose();
    expect(lease.valid()).toBe(false);
    now = 2000;
    lease.renewed(2000);
    expect(lease.until()).toBe(6000);
  });

  it('publishes validUntil in a SharedArrayBuffer for the engine', () => {
    const buffer = newLeaseBuffer(0);
    const lease = new Lease(T, () => 0, buffer);
    lease.renewed(100);
    expect(leaseValidUntil(buffer)).toBe(4100);
    lease.lose();
    expect(leaseValidUntil(buffer)).toBe(0);
  });
});

describe('Watchdog (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(answer: () => boolean) {
    const lease = new Lease(T, Date.now);
    const events: string[] = [];
    let trips = 0;
    const dog = new Watchdog({
      lease,
      now: Date.now,
      roundTrip: () => {
        trips++;
        return answer() ? Promise.resolve() : Promise.reject(new Error('no answer'));
      },
      onLapse: () => events.push('lapse'),
      onRenew: () => events.push('renew'),
      onSilent: () => events.push('silent'),
    });
    return { lease, dog, events, trips: () => trips };
  }

  it('sends a round trip every sixth of the session timeout and keeps the lease', async () => {
    const { lease, dog, events, trips } = setup(() => true);
    dog.start();
    await vi.advanceTimersByTimeAsync(T);
    expect(trips()).toBeGreaterThanOrEqual(6);
    expect(trips()).toBeLessThanOrEqual(8);
    expect(lease.valid()).toBe(true);
    expect(events).toEqual(['renew']);
    dog.stop();
  });

  it('reports the lapse within 100 ms once round trips stop getting answers, then the silence', async () => {
    let up = true;
    const { lease, dog, events } = setup(() => up);
    dog.start();
    await vi.advanceTimersByTimeAsync(1000);
    up = false;
    const validUntil = lease.until();
    await vi.advanceTimersByTimeAsync(validUntil - Date.now() + 100);
    expect(events).toEqual(['renew', 'lapse']);
    await vi.advanceTimersByTimeAsync(T);
    expect(events).toEqual(['renew', 'lapse', 'silent']);
    up = true;
    await vi.advanceTimersByTimeAsync(T / 6 + 100);
    expect(events).toEqual(['renew', 'lapse', 'silent', 'renew']);
    dog.stop();
  });

  it('notices at its first tick that it was frozen past the lease (SIGSTOP), even if ZooKeeper answers', async () => {
    const { lease, dog, events } = setup(() => true);
    dog.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(lease.valid()).toBe(true);
    // Frozen for the session timeout: the clock moves, no timer fires.
    vi.setSystemTime(Date.now() + T);
    await vi.advanceTimersByTimeAsync(100); // the first tick after the resume
    // The lapse comes first; the round trip the late tick sent renews it only afterwards.
    expect(events.slice(0, 2)).toEqual(['renew', 'lapse']);
    dog.stop();
  });

  it('reports a lost connection at once', async () => {
    const { lease, dog, events } = setup(() => true);
    dog.start();
    await vi.advanceTimersByTimeAsync(10);
    dog.lost();
    expect(lease.valid()).toBe(false);
    expect(events).toEqual(['renew', 'lapse']);
    dog.stop();
  });
});

describe('connection backoff', () => {
  it('waits 1 s, then twice as long each time, at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(backoffMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
