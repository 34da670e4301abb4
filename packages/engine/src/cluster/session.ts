import { randomUUID } from 'node:crypto';
import type { Candidate } from './election';
import type { OwnersWatch } from './owners';
import type { HeldRunLock, LockSession } from './run-lock';
import type { ClusterMember } from './types';
import type { Watcher, ZkSession } from './zk';

/**
 * One ZooKeeper session of a node and what it registered in it. A session that expires (or that
 * the watchdog finds stuck) ends for good: the node opens a new one and joins again as a new
 * candidate, with a new guid and member id.
 */
export class NodeSession implements LockSession {
  readonly guid = randomUUID();
  readonly memberId: string;
  readonly ended: Promise<void>;
  /** Why it ended, once it did. */
  endReason: string | undefined;
  connected = true;
  /** Our election znode is known to exist on this connection (false from a disconnect until checked). */
  verified = false;
  candidate: Candidate | undefined;
  self: ClusterMember | undefined;
  leading = false;
  owners: OwnersWatch | undefined;
  readonly memberCache = new Map<string, ClusterMember>();
  readonly locks = new Set<HeldRunLock>();
  /** Leadership checks run one after another. */
  checking: Promise<void> = Promise.resolve();
  predecessorWatcher: Watcher = () => undefined;
  membersWatcher: Watcher = () => undefined;
  private resolveEnded: () => void = () => undefined;

  constructor(
    readonly zk: ZkSession,
    name: string,
  ) {
    this.memberId = `${name}-${this.guid}`;
    this.ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));
  }

  isEnded(): boolean {
    return this.endReason !== undefined;
  }

  end(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.connected = false;
    this.verified = false;
    this.leading = false;
    this.resolveEnded();
  }

  /** Joined, connected and checked: may lead, stand by, hold locks (the lease is checked apart). */
  usable(): boolean {
    return !this.isEnded() && this.connected && this.verified && this.candidate !== undefined;
  }
}

/** Callers waiting for a state (joined, say): `wake()` when it may have come. */
export class Waiters<T> {
  private readonly checks = new Set<() => void>();

  /** Resolves with what `ready` returns once defined; rejects if it throws or `signal` aborts. */
  wait(signal: AbortSignal, ready: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        try {
          signal.throwIfAborted();
          const value = ready();
          if (value === undefined) return;
          finish();
          resolve(value);
        } catch (error) {
          finish();
          reject(error);
        }
      };
      const finish = () => {
        this.checks.delete(check);
        signal.removeEventListener('abort', check);
      };
      this.checks.add(check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  wake(): void {
    for (const check of [...this.checks]) check();
  }
}
