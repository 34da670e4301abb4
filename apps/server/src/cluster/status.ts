import type { ClusterStatus, ServerStatus } from '@flow/shared';
import type { FlowApp } from '../app';
import type { ClusterGate } from './forward';

type DagCounts = ServerStatus['dags'];

/** How long `server.status` reuses the DAG counts of a cluster (each count asks the runners). */
export const DAG_COUNTS_TTL_MS = 1000;

const counted = new WeakMap<
  FlowApp,
  { readonly until: number; readonly counts: Promise<DagCounts> }
>();

/**
 * The DAGs by state as `dags.list` shows them: in a cluster a DAG run elsewhere counts with its
 * runner's state (this instance keeps it stopped), so every instance shows the cluster's counts.
 * Reused for DAG_COUNTS_TTL_MS; should the list fail, this instance's engine counts.
 */
export function dagCounts(app: FlowApp, now = Date.now()): Promise<DagCounts> {
  if (!app.cluster) return Promise.resolve(app.engine.status().dags);
  const cached = counted.get(app);
  if (cached && cached.until > now) return cached.counts;
  const counts = app.listDags().then(
    (list) => {
      const dags = { total: list.length, running: 0, suspended: 0, stopped: 0, failed: 0 };
      for (const { state } of list) dags[state]++;
      return dags;
    },
    () => {
      counted.delete(app);
      return app.engine.status().dags;
    },
  );
  counted.set(app, { until: now + DAG_COUNTS_TTL_MS, counts });
  return counts;
}

/** The cluster as `server.status` shows it: mode, ZooKeeper hosts, leader, members, problem. */
export function clusterStatus(gate: ClusterGate): ClusterStatus {
  const { coordinator } = gate;
  const { node, mode } = coordinator;
  const leader = node.leader();
  return {
    mode,
    zookeeper: coordinator.zookeeperHosts(),
    epoch: node.epoch() ?? null,
    leader: leader?.name ?? null,
    members: node.members().map((member) => ({
      name: member.name,
      url: member.url,
      role: member.id === leader?.id ? 'leader' : mode === 'primary' ? 'standby' : 'member',
      seq: member.seq,
      joinedAt: new Date(member.joinedAt).toISOString(),
    })),
    problem: coordinator.readOnlyReason() ?? null,
  };
}
