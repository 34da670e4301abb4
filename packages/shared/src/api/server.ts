import { z } from 'zod';
import type { Role } from './auth';

/** One worker thread of the DAG host: its DAGs and load. */
export const workerStatusSchema = z.object({
  /** 1-based, stable across restarts of the thread. */
  id: z.int(),
  dags: z.array(z.string()),
  running: z.int(),
  /** Event-loop utilisation over the last second, 0..1. */
  eventLoopUtilization: z.number(),
  heapUsedBytes: z.number(),
  heapLimitBytes: z.number(),
  /** How many times this worker's thread was replaced (watchdog, heap, crash). */
  restarts: z.int(),
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

/** One instance of a cluster (ZOOKEEPER_HOSTS set), as `server.status` lists it. */
export const clusterMemberSchema = z.object({
  name: z.string(),
  /**
   * Where the other instances reach it (and a browser may, too): admins only (see
   * `clusterStatusFor`); null too when it advertises no plain http(s) URL (its data is in
   * ZooKeeper, which anyone reaching it may write).
   */
  url: z.string().nullable(),
  role: z.enum(['leader', 'standby', 'member']),
  /** Its election sequence number: the epoch of its term while it leads. */
  seq: z.int(),
  joinedAt: z.string(),
});
export type ClusterMemberView = z.infer<typeof clusterMemberSchema>;

/** The cluster as this instance sees it; `null` in `server.status` for a single server. */
export const clusterStatusSchema = z.object({
  mode: z.enum(['primary', 'partitioned']),
  /** ZOOKEEPER_HOSTS, as set (`host:port` list and chroot: no credentials): admins only. */
  zookeeper: z.string().nullable(),
  /** The leader's term while this instance leads. */
  epoch: z.int().nullable(),
  leader: z.string().nullable(),
  members: z.array(clusterMemberSchema),
  /** Why this instance is not in the cluster (ZooKeeper unreachable, session lost), while joining. */
  problem: z.string().nullable(),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;

/** Who sees where the instances and ZooKeeper are (what an attacker would aim at next). */
export const CLUSTER_ADDRESSES_ROLE: Role = 'admin';

/**
 * The cluster as a user of this role sees it: below CLUSTER_ADDRESSES_ROLE, the names, roles and
 * terms, but no member's URL nor the ZooKeeper hosts (not in the problem either).
 */
export function clusterStatusFor(cluster: ClusterStatus, role: Role): ClusterStatus {
  if (role === CLUSTER_ADDRESSES_ROLE) return cluster;
  const hosts = cluster.zookeeper;
  return {
    ...cluster,
    zookeeper: null,
    members: cluster.members.map((member) => ({ ...member, url: null })),
    problem:
      hosts && cluster.problem ? cluster.problem.replaceAll(hosts, 'its hosts') : cluster.problem,
  };
}

/** `server.status`: what the header and the dashboard show of the server. */
export const serverStatusSchema = z.object({
  /**
   * `primary`: runs DAGs (a single server, or the leader); `standby`: joined, runs nothing,
   * takes over when the leader goes; `member`: in partitioned mode, a joined instance that is not
   * the leader (it runs the DAGs it owns); `joining`: not in the cluster yet (or no longer): runs
   * nothing, read-only.
   */
  role: z.enum(['primary', 'standby', 'member', 'joining']),
  /** INSTANCE_NAME (default `<hostname>:<port>`). */
  instance: z.string(),
  /** While true, every change is refused with a message saying why (not joined yet). */
  readOnly: z.boolean(),
  cluster: clusterStatusSchema.nullable(),
  version: z.string(),
  uptimeMs: z.number(),
  startedAt: z.string(),
  /** How many DAGs there are, and how many are in each state. */
  dags: z.object({
    total: z.int(),
    running: z.int(),
    suspended: z.int(),
    stopped: z.int(),
    failed: z.int(),
  }),
  /** The worker threads DAGs run on (empty when they run in the server's thread). */
  workers: z.array(workerStatusSchema),
  store: z.enum(['postgres', 'pglite']),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
