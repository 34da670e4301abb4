/**
 * The cluster's contract between the ZooKeeper side (this folder) and the server (apps/server's
 * cluster/). ZooKeeper coordinates: who leads, who is a member, who owns which DAG, and it tells
 * every instance that a DAG changed. PostgreSQL holds what each DAG should do; the instances that
 * run a DAG fence their writes of its state with the epoch of their term.
 */

/** One instance as it registered itself (the data of its election znode). */
export interface ClusterMember {
  /** Unique per process start: `<name>-<guid>`. */
  readonly id: string;
  /** What people call it: INSTANCE_NAME, default `<hostname>:<port>`. */
  readonly name: string;
  /** Where the other instances reach its API: CLUSTER_ADVERTISE_URL, default `http://HOST:PORT`. */
  readonly url: string;
  /** Its election sequence number (the epoch of its term if it leads). */
  readonly seq: number;
  /** When it joined, ms since the epoch. */
  readonly joinedAt: number;
}

/**
 * `joining`: not (or no longer) in the cluster: runs nothing, serves the API read-only.
 * `leader`: leads (in `primary` mode, it runs every DAG). `standby`: joined, not leading (in
 * `primary` mode it runs nothing; in `partitioned` mode it runs the DAGs it owns).
 */
export type ClusterRole = 'joining' | 'leader' | 'standby';

export type ClusterMode = 'primary' | 'partitioned';

export interface ClusterOptions {
  /** ZOOKEEPER_HOSTS: `host:port,host:port`, optionally with a chroot. */
  readonly hosts: string;
  /** Every znode of this cluster is under it (ZOOKEEPER_ROOT, default `/flow`). */
  readonly root: string;
  /** ZOOKEEPER_SESSION_TIMEOUT_MS, default 10000. */
  readonly sessionTimeoutMs: number;
  readonly mode: ClusterMode;
  readonly name: string;
  readonly url: string;
  /** Told of every failed attempt to reach ZooKeeper (the message names the hosts). */
  readonly onRetry?: (error: Error, attempt: number, nextInMs: number) => void;
  /** Told of failures in the background (a placement not written, a watch not read again, a listener that threw). */
  readonly onError?: (error: Error) => void;
  /**
   * Where the lease is published for worker threads: Float64 [0] = until when it holds (ms since
   * the epoch, 0 when lost); see newLeaseBuffer / leaseValidUntil.
   */
  readonly leaseBuffer?: SharedArrayBuffer;
}

/** A DAG the leader places: `replicas` instances run it at once (1 unless a Kafka-fed DAG says more). */
export interface DagPlacement {
  readonly name: string;
  readonly replicas: number;
}

/** The right to run one replica of a DAG, held as an ephemeral znode: gone with the session. */
export interface RunLock {
  readonly dag: string;
  readonly replica: number;
  /** The fencing token of this grant: writes of the DAG's state carry it; older ones are refused. */
  readonly epoch: number;
  release(): Promise<void>;
}

export type ClusterEvent =
  /** The role changed (to `joining` at once on a disconnect or a lapsed lease). */
  | { readonly type: 'role'; readonly role: ClusterRole; readonly epoch: number | undefined }
  | { readonly type: 'members'; readonly members: readonly ClusterMember[] }
  /** In partitioned mode: the owners of these DAGs changed (member ids, replica order; [] = no longer placed). */
  | { readonly type: 'owners'; readonly owners: ReadonlyMap<string, readonly string[]> }
  /** Some instance saved, deployed, started, stopped or deleted this DAG: read it again. */
  | { readonly type: 'dag-changed'; readonly dag: string };

export interface ClusterNode {
  readonly self: ClusterMember | undefined;
  role(): ClusterRole;
  /** The leader's election sequence number while this instance leads, else undefined. */
  epoch(): number | undefined;
  leader(): ClusterMember | undefined;
  members(): readonly ClusterMember[];
  /**
   * True while a round trip to ZooKeeper succeeded recently enough that this session cannot have
   * expired (the watchdog's lease). Nothing runs without it.
   */
  leaseValid(): boolean;
  /** Until when (ms since the epoch) the lease holds without another round trip; 0 when lost. */
  leaseUntil(): number;
  /** In partitioned mode: the member ids owning each DAG (first: the primary replica). */
  owners(): ReadonlyMap<string, readonly string[]>;
  /** The leader's input: the DAGs to place (partitioned mode); others ignore it. */
  setPlacements(dags: readonly DagPlacement[]): Promise<void>;
  /** Waits (until `signal` aborts) for the run lock of one replica of a DAG, then holds it. */
  acquireRunLock(dag: string, replica: number, signal: AbortSignal): Promise<RunLock>;
  /** Tells every instance (this one too) that a DAG changed. */
  announce(dag: string): Promise<void>;
  on(listener: (event: ClusterEvent) => void): () => void;
  /** Joins in the background (retrying with backoff); resolves once started, not once joined. */
  start(): Promise<void>;
  /** Leaves: deletes its znodes and closes the session. */
  close(): Promise<void>;
}
