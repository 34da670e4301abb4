import type { ClusterOptions } from './types';

/** The znodes of one cluster, under its root. */
export interface ClusterPaths {
  readonly root: string;
  /** EPHEMERAL_SEQUENTIAL `n_<guid>_<seq>` per candidate. */
  readonly election: string;
  /** PERSISTENT `<dag>` per placed DAG (partitioned mode), written by the leader. */
  readonly owners: string;
  /** EPHEMERAL `<dag>~<replica>` per run lock. */
  readonly running: string;
  /** PERSISTENT, its data: the last DAG changed. */
  readonly changes: string;
}

/** Checks the options (a clear error naming the setting) and derives the paths. */
export function clusterPaths(options: ClusterOptions): ClusterPaths {
  if (typeof options.hosts !== 'string' || options.hosts.trim() === '') {
    throw new Error('ZOOKEEPER_HOSTS is empty: give host:port[,host:port][/chroot]');
  }
  const timeout = options.sessionTimeoutMs;
  if (!Number.isFinite(timeout) || timeout < 1000) {
    throw new Error(`ZOOKEEPER_SESSION_TIMEOUT_MS must be at least 1000, not ${timeout}`);
  }
  const root = options.root.replace(/\/+$/, '');
  if (!/^(\/[^/\s]+)+$/.test(root)) {
    throw new Error(`ZOOKEEPER_ROOT must be a znode path like /flow, not "${options.root}"`);
  }
  return {
    root,
    election: `${root}/election`,
    owners: `${root}/owners`,
    running: `${root}/running`,
    changes: `${root}/changes`,
  };
}
