import zookeeper from 'node-zookeeper-client';
import type { Client, Event as ZkEvent, Stat } from 'node-zookeeper-client';

/** The codes of ZooKeeper's errors we act on, plus our own for an operation that got no reply in time. */
export const ZkCode = {
  CONNECTION_LOSS: zookeeper.Exception.CONNECTION_LOSS,
  NO_NODE: zookeeper.Exception.NO_NODE,
  NODE_EXISTS: zookeeper.Exception.NODE_EXISTS,
  BAD_VERSION: zookeeper.Exception.BAD_VERSION,
  NOT_EMPTY: zookeeper.Exception.NOT_EMPTY,
  SESSION_EXPIRED: zookeeper.Exception.SESSION_EXPIRED,
  TIMEOUT: -1000,
} as const;

export const CreateMode = zookeeper.CreateMode;

/** A ZooKeeper operation that failed: `code` is one of ZooKeeper's (see ZkCode). */
export class ZkError extends Error {
  override readonly name = 'ZkError';
  constructor(
    message: string,
    readonly code: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The cluster cannot serve this now (no session, or not joined): the API answers 503 with the message. */
export class ClusterUnavailableError extends Error {
  override readonly name = 'ClusterUnavailableError';
}

export const isZkCode = (error: unknown, code: number): boolean =>
  error instanceof ZkError && error.code === code;

/** Lost or late replies: the operation may or may not have happened. */
export const isConnectionLoss = (error: unknown): boolean =>
  isZkCode(error, ZkCode.CONNECTION_LOSS) || isZkCode(error, ZkCode.TIMEOUT);

export type Watcher = (event: ZkEvent) => void;
export type SessionState = 'connected' | 'disconnected' | 'expired';

export const NODE_DELETED = zookeeper.Event.NODE_DELETED;

/** A zxid (8 bytes, big-endian) as a number: exact below 2^53, i.e. for 2 million leader epochs. */
export const zxidNumber = (zxid: Buffer): number => Number(zxid.readBigInt64BE(0));

/** The first retry waits 1 s, each next twice as long, at most 30 s. */
export const backoffMs = (attempt: number): number =>
  Math.min(1000 * 2 ** Math.max(0, attempt - 1), 30_000);

/**
 * One ZooKeeper session as promises. The client queues requests while it reconnects and never
 * fails them on its own, so every operation here ends: with the reply or, after `opTimeoutMs`,
 * with ZkCode.TIMEOUT (the request may still run later).
 */
export class ZkSession {
  private closed = false;

  constructor(
    private readonly client: Client,
    readonly hosts: string,
    private readonly opTimeoutMs: number,
  ) {}

  sessionId(): Buffer {
    return this.client.getSessionId();
  }

  /** The negotiated session timeout (the server may have bounded the one asked for). */
  sessionTimeoutMs(): number {
    return this.client.getSessionTimeout();
  }

  isConnected(): boolean {
    return this.client.getState() === zookeeper.State.SYNC_CONNECTED;
  }

  /** True when `stat` is of an ephemeral znode of this session. */
  ownsEphemeral(stat: Stat): boolean {
    return stat.ephemeralOwner.equals(this.sessionId());
  }

  onState(listener: (state: SessionState) => void): void {
    this.client.on('connected', () => listener('connected'));
    this.client.on('disconnected', () => !this.closed && listener('disconnected'));
    this.client.on('expired', () => listener('expired'));
  }

  create(
    path: string,
    data: Buffer | undefined,
    mode: number,
    timeoutMs?: number,
  ): Promise<string> {
    return this.call('create', path, timeoutMs, (done) =>
      this.client.create(path, data ?? Buffer.alloc(0), mode, done),
    );
  }

  /** The znode's stat, or null when there is none (with `watch`: told when it is created). */
  exists(path: string, watch?: Watcher, timeoutMs?: number): Promise<Stat | null> {
    return this.call('exists', path, timeoutMs, (done) =>
      watch
        ? this.client.exists(path, watch, (e, stat) => done(e, stat ?? null))
        : this.client.exists(path, (e, stat) => done(e, stat ?? null)),
    );
  }

  /** The data and stat, or null when there is no such znode (then no watch is set). */
  async getData(path: string, watch?: Watcher): Promise<{ data: Buffer; stat: Stat } | null> {
    try {
      return await this.call<{ data: Buffer; stat: Stat }>('getData', path, undefined, (done) => {
        const reply = (e: Error | zookeeper.Exception | null, data: Buffer, stat: Stat) =>
          done(e, { data: data ?? Buffer.alloc(0), stat });
        if (watch) this.client.getData(path, watch, reply);
        else this.client.getData(path, reply);
      });
    } catch (error) {
      if (isZkCode(error, ZkCode.NO_NODE)) return null;
      throw error;
    }
  }

  getChildren(path: string, watch?: Watcher): Promise<string[]> {
    return this.call('getChildren', path, undefined, (done) =>
      watch
        ? this.client.getChildren(path, watch, (e, children) => done(e, children))
        : this.client.getChildren(path, (e, children) => done(e, children)),
    );
  }

  setData(path: string, data: Buffer, version = -1): Promise<Stat> {
    return this.call('setData', path, undefined, (done) =>
      this.client.setData(path, data, version, done),
    );
  }

  /** Deletes a znode; one already gone is fine. */
  async remove(path: string, version = -1, timeoutMs?: number): Promise<void> {
    try {
      await this.call<undefined>('remove', path, timeoutMs, (done) =>
        this.client.remove(path, version, (e) => done(e, undefined)),
      );
    } catch (error) {
      if (!isZkCode(error, ZkCode.NO_NODE)) throw error;
    }
  }

  mkdirp(path: string): Promise<void> {
    return this.call('mkdirp', path, undefined, (done) =>
      this.client.mkdirp(path, (e) => done(e, undefined)),
    );
  }

  /** Runs the operations all or none (ZooKeeper's multi). */
  transaction(path: string, build: (tx: ReturnType<Client['transaction']>) => void): Promise<void> {
    return this.call('transaction', path, undefined, (done) => {
      const tx = this.client.transaction();
      build(tx);
      tx.commit((e) => done(e, undefined));
    });
  }

  /**
   * Closes the session (its ephemeral znodes go at once) and ends the client: its socket too when
   * no server answers, so nothing reconnects behind our back.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connected = this.isConnected();
    const gone = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, connected ? 1000 : 0);
      this.client.once('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      this.client.close();
    } catch {
      // The client had no socket yet: nothing to close.
    }
    await gone;
    destroySocket(this.client);
    // A reconnect the client had already scheduled may open one more socket: end that one too.
    setTimeout(() => destroySocket(this.client), 1500).unref();
  }

  private call<T>(
    op: string,
    path: string,
    timeoutMs: number | undefined,
    run: (done: (error: Error | zookeeper.Exception | null, value: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const limit = timeoutMs ?? this.opTimeoutMs;
      const timer = setTimeout(
        () =>
          reject(
            new ZkError(
              `ZooKeeper at ${this.hosts} did not answer ${op} ${path} within ${limit} ms`,
              ZkCode.TIMEOUT,
            ),
          ),
        limit,
      );
      try {
        run((error, value) => {
          clearTimeout(timer);
          if (error) reject(toZkError(error, op, path));
          else resolve(value);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(toZkError(error, op, path));
      }
    });
  }
}

function toZkError(error: unknown, op: string, path: string): ZkError {
  if (error instanceof zookeeper.Exception) {
    return new ZkError(`ZooKeeper ${op} ${path}: ${error.getName()}`, error.getCode(), {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ZkError(`ZooKeeper ${op} ${path}: ${message}`, zookeeper.Exception.API_ERROR, {
    cause: error,
  });
}

/** The client's socket is private; ending it is the only way to stop a client whose server is gone. */
function destroySocket(client: Client): void {
  const manager = (client as unknown as { connectionManager?: { socket?: { destroy(): void } } })
    .connectionManager;
  manager?.socket?.destroy();
}

export interface ConnectOptions {
  readonly hosts: string;
  readonly sessionTimeoutMs: number;
  /** How long one attempt may take to get a session: default min(session timeout, 5 s). */
  readonly connectTimeoutMs?: number;
  readonly onRetry?: (error: Error, attempt: number, nextInMs: number) => void;
  readonly signal: AbortSignal;
}

/** One attempt: a new session, or a ZkError naming the hosts. */
export async function openSession(options: Omit<ConnectOptions, 'onRetry'>): Promise<ZkSession> {
  const { hosts, sessionTimeoutMs } = options;
  const limit = options.connectTimeoutMs ?? Math.min(sessionTimeoutMs, 5000);
  let client: Client;
  try {
    client = zookeeper.createClient(hosts, {
      sessionTimeout: sessionTimeoutMs,
      spinDelay: 500,
      retries: 0,
    });
  } catch (error) {
    throw new ZkError(
      `ZOOKEEPER_HOSTS "${hosts}" is not host:port[,host:port][/chroot]`,
      ZkCode.CONNECTION_LOSS,
      {
        cause: error,
      },
    );
  }
  const session = new ZkSession(client, hosts, sessionTimeoutMs);
  type Outcome = 'connected' | 'expired' | 'timeout' | 'aborted';
  const outcome = await new Promise<Outcome>((resolve) => {
    const settle = (result: Outcome) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', abort);
      resolve(result);
    };
    const timer = setTimeout(() => settle('timeout'), limit);
    const abort = () => settle('aborted');
    options.signal.addEventListener('abort', abort, { once: true });
    client.once('connected', () => settle('connected'));
    client.once('expired', () => settle('expired'));
    client.connect();
  });
  if (outcome === 'connected') return session;
  await session.close();
  const why =
    outcome === 'timeout'
      ? `gave no session within ${limit} ms`
      : outcome === 'expired'
        ? 'refused the session'
        : 'was left (closing)';
  throw new ZkError(`ZooKeeper at ${hosts} ${why}`, ZkCode.CONNECTION_LOSS);
}

/** Tries until a session opens (1 s, 2 s, 4 s ... 30 s apart), telling `onRetry` of each failure. */
export async function connectWithRetry(options: ConnectOptions): Promise<ZkSession> {
  for (let attempt = 1; ; attempt++) {
    options.signal.throwIfAborted();
    try {
      return await openSession(options);
    } catch (error) {
      options.signal.throwIfAborted();
      const nextInMs = backoffMs(attempt);
      const reason = error instanceof Error ? error : new Error(String(error));
      options.onRetry?.(reason, attempt, nextInMs);
      await sleep(nextInMs, options.signal);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
