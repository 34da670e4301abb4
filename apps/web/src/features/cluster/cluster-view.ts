// What the header, the banner and the dashboard show of the cluster, from `server.status` and
// the DAG list: pure functions, so that the words and colours are tested without a browser.
import type { ClusterStatus, ServerStatus } from '@flow/shared';

type Role = ServerStatus['role'];
type MemberRole = ClusterStatus['members'][number]['role'];

/** The header badge's colour: green runs DAGs, blue waits to, grey runs its share, orange is out. */
export const roleColor: Record<Role, string> = {
  primary: 'green',
  standby: 'blue',
  member: 'gray',
  joining: 'orange',
};

/** A member's role as the cluster popover names it (`leader` is `primary` in the header). */
export const memberRoleLabel: Record<MemberRole, string> = {
  leader: 'primary',
  standby: 'standby',
  member: 'member',
};

export const memberRoleColor: Record<MemberRole, string> = {
  leader: 'green',
  standby: 'blue',
  member: 'gray',
};

/** `<instance> · <role>`; a single server also says how long it has been up (unless `uptime` is undefined: a narrow header). */
export function headerLabel(
  status: Pick<ServerStatus, 'instance' | 'role' | 'cluster'>,
  uptime: string | undefined,
): string {
  const label = `${status.instance} · ${status.role}`;
  return status.cluster || uptime === undefined ? label : `${label} · up ${uptime}`;
}

const FALLBACK_PROBLEM = 'waiting for ZooKeeper';

/**
 * Why changes are refused while the server is read-only (not joined), or `null` when it is not:
 * the tooltip of every disabled action.
 */
export function readOnlyReason(
  status: Pick<ServerStatus, 'readOnly' | 'cluster'> | undefined,
): string | null {
  if (!status?.readOnly) return null;
  return `This server has not joined the cluster: ${status.cluster?.problem ?? FALLBACK_PROBLEM}.`;
}

/** The banner under the header while read-only. */
export function bannerText(status: Pick<ServerStatus, 'readOnly' | 'cluster'>): string | null {
  const reason = readOnlyReason(status);
  return reason && `${reason} It shows DAGs but changes nothing until it has.`;
}

export interface ClusterFact {
  readonly label: string;
  readonly value: string;
}

/** The popover's facts: the mode, ZooKeeper, the leader and its epoch, and the problem if any. */
export function clusterFacts(cluster: ClusterStatus): ClusterFact[] {
  const facts: ClusterFact[] = [
    {
      label: 'Mode',
      value:
        cluster.mode === 'primary'
          ? 'primary and standbys (the leader runs every DAG)'
          : 'partitioned (each DAG runs on its owners)',
    },
  ];
  // Admins only (the server leaves it out for the others).
  if (cluster.zookeeper !== null) facts.push({ label: 'ZooKeeper', value: cluster.zookeeper });
  facts.push({ label: 'Leader', value: leaderText(cluster) });
  if (cluster.problem) facts.push({ label: 'Problem', value: cluster.problem });
  return facts;
}

/** `b (epoch 12)`; the epoch is the leader's election sequence number. */
export function leaderText(cluster: Pick<ClusterStatus, 'leader' | 'epoch' | 'members'>): string {
  if (!cluster.leader) return 'none elected';
  const epoch = cluster.epoch ?? cluster.members.find((m) => m.name === cluster.leader)?.seq;
  return epoch === undefined || epoch === null
    ? cluster.leader
    : `${cluster.leader} (epoch ${epoch})`;
}

/** The members, the leader first, then by election order. */
export function sortedMembers(cluster: ClusterStatus): ClusterStatus['members'] {
  return [...cluster.members].sort(
    (a, b) => Number(b.role === 'leader') - Number(a.role === 'leader') || a.seq - b.seq,
  );
}

/** Whether the dashboard shows an Owner column: when any DAG says who runs it. */
export function hasOwners(dags: readonly { owners?: readonly string[] | undefined }[]): boolean {
  return dags.some((d) => d.owners !== undefined);
}

/** The Owner cell: the names joined by ", ", or a dash when nobody runs it. */
export function ownersText(owners: readonly string[] | undefined): string {
  return owners && owners.length > 0 ? owners.join(', ') : '—';
}

/**
 * Where the live view's DAG runs: "running on a" while it runs (or is suspended there), "runs on
 * a when started" otherwise; `null` when the owners are not known (a single server).
 */
export function runningOnText(
  owners: readonly string[] | undefined,
  active: boolean,
): string | null {
  if (!owners || owners.length === 0) return null;
  return active ? `running on ${owners.join(', ')}` : `runs on ${owners.join(', ')} when started`;
}
