import type { ClusterStatus } from '@flow/shared';
import type { ClusterGate } from './forward';

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
