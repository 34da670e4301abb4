import type { ClusterStatus, ServerStatus } from '@flow/shared';
import type { FlowApp } from '../app';
import { memberBaseUrl, type ClusterGate } from './forward';

type DagCounts = ServerStatus['dags'];

/** How long `server.status` reuses the DAG counts of a cluster (each count asks the runners). */
export const DAG_COUNTS_TTL_MS = 1000;

interface Counted {
  /** The last counts made, and when. */
  last?: { readonly at: number; readonly counts: DagCounts };
  /** A count on its way. */
  pending?: Promise<DagCounts>;
}
const counted = new WeakMap<FlowApp, Counted>();

/**
 * The DAGs by state as `dags.list` shows them: in a cluster a DAG run elsewhere counts with its
 * runner's state (this instance keeps it stopped), so every instance shows the cluster's counts.
 * Counted at most once per DAG_COUNTS_TTL_MS; past that the last counts are answered at once while
 * new ones are made (a frozen runner, 2 s to give up on, never holds `server.status` up, so the
 * role it shows is never late). The first count is waited for; should the list fail, this
 * instance's engine counts.
 */
export async function dagCounts(app: FlowApp, now = Date.now()): Promise<DagCounts> {
  if (!app.cluster) return app.engine.status().dags;
  let entry = counted.get(app);
  if (!entry) counted.set(app, (entry = {}));
  const { last } = entry;
  if (last && now - last.at < DAG_COUNTS_TTL_MS) return last.counts;
  const state = entry;
  state.pending ??= app
    .listDags()
    .then(
      (list) => {
        const dags = { total: list.length, running: 0, suspended: 0, stopped: 0, failed: 0 };
        for (const { state: s } of list) dags[s]++;
        state.last = { at: now, counts: dags };
        return dags;
      },
      () => app.engine.status().dags,
    )
    .finally(() => (state.pending = undefined));
  return last ? last.counts : state.pending;
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
      url: memberBaseUrl(member.url) ?? null,
      role: member.id === leader?.id ? 'leader' : mode === 'primary' ? 'standby' : 'member',
      seq: member.seq,
      joinedAt: new Date(member.joinedAt).toISOString(),
    })),
    problem: coordinator.readOnlyReason() ?? null,
  };
}
