import type { ClusterStatus } from '@flow/shared';
import { describe, expect, it } from 'vitest';
import {
  bannerText,
  clusterFacts,
  hasOwners,
  headerLabel,
  leaderText,
  ownersText,
  readOnlyReason,
  roleColor,
  runningOnText,
  sortedMembers,
} from './cluster-view';

const cluster = (over: Partial<ClusterStatus> = {}): ClusterStatus => ({
  mode: 'primary',
  zookeeper: 'zk1:2181,zk2:2181',
  epoch: null,
  leader: 'a',
  members: [
    { name: 'b', url: 'http://10.0.0.2:8080', role: 'standby', seq: 8, joinedAt: '' },
    { name: 'a', url: 'http://10.0.0.1:8080', role: 'leader', seq: 7, joinedAt: '' },
    { name: 'c', url: 'http://10.0.0.3:8080', role: 'standby', seq: 9, joinedAt: '' },
  ],
  problem: null,
  ...over,
});

describe('the header badge', () => {
  it('names the instance and its role in a cluster', () => {
    for (const role of ['primary', 'standby', 'member', 'joining'] as const)
      expect(headerLabel({ instance: 'b', role, cluster: cluster() }, '3m')).toBe(`b · ${role}`);
  });

  it('keeps the uptime for a single server', () => {
    expect(headerLabel({ instance: 'host:8080', role: 'primary', cluster: null }, '3m')).toBe(
      'host:8080 · primary · up 3m',
    );
  });

  it('leaves the uptime out in a narrow header (undefined)', () => {
    expect(headerLabel({ instance: 'host:8080', role: 'primary', cluster: null }, undefined)).toBe(
      'host:8080 · primary',
    );
  });

  it('colours the role: green runs, blue and grey wait or share, orange is out', () => {
    expect(roleColor).toEqual({
      primary: 'green',
      standby: 'blue',
      member: 'gray',
      joining: 'orange',
    });
  });
});

describe('read-only', () => {
  it('says why while the server has not joined, and nothing once it has', () => {
    const problem = 'ZooKeeper 127.0.0.1:2181 unreachable (connection refused), retrying in 4 s';
    const joining = { readOnly: true, cluster: cluster({ leader: null, problem }) };
    expect(readOnlyReason(joining)).toBe(`This server has not joined the cluster: ${problem}.`);
    expect(bannerText(joining)).toBe(
      `This server has not joined the cluster: ${problem}. It shows DAGs but changes nothing until it has.`,
    );
    expect(readOnlyReason({ readOnly: false, cluster: cluster() })).toBeNull();
    expect(bannerText({ readOnly: false, cluster: null })).toBeNull();
    expect(readOnlyReason(undefined)).toBeNull();
  });

  it('still says something when the server gives no problem', () => {
    expect(readOnlyReason({ readOnly: true, cluster: null })).toBe(
      'This server has not joined the cluster: waiting for ZooKeeper.',
    );
  });
});

describe('the cluster popover', () => {
  it('lists the mode, ZooKeeper and the leader with its epoch', () => {
    expect(clusterFacts(cluster({ epoch: 7 }))).toEqual([
      { label: 'Mode', value: 'primary and standbys (the leader runs every DAG)' },
      { label: 'ZooKeeper', value: 'zk1:2181,zk2:2181' },
      { label: 'Leader', value: 'a (epoch 7)' },
    ]);
    // Not an admin: the server leaves the hosts out, and so does the popover.
    expect(clusterFacts(cluster({ epoch: 7, zookeeper: null })).map((f) => f.label)).toEqual([
      'Mode',
      'Leader',
    ]);
  });

  it("takes the leader's epoch from its member entry on a standby", () => {
    expect(leaderText(cluster())).toBe('a (epoch 7)');
    expect(leaderText(cluster({ leader: null }))).toBe('none elected');
  });

  it('shows the problem while joining, and the partitioned mode', () => {
    const facts = clusterFacts(
      cluster({ mode: 'partitioned', leader: null, members: [], problem: 'session expired' }),
    );
    expect(facts).toContainEqual({ label: 'Problem', value: 'session expired' });
    expect(facts).toContainEqual({
      label: 'Mode',
      value: 'partitioned (each DAG runs on its owners)',
    });
    expect(facts).toContainEqual({ label: 'Leader', value: 'none elected' });
  });

  it('lists the leader first, then the members in election order', () => {
    expect(sortedMembers(cluster()).map((m) => m.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('owners', () => {
  it('shows an Owner column only when some DAG says who runs it', () => {
    expect(hasOwners([{}, {}])).toBe(false);
    expect(hasOwners([{}, { owners: [] }])).toBe(true);
    expect(hasOwners([])).toBe(false);
  });

  it('joins the owners, or shows a dash when nobody runs the DAG', () => {
    expect(ownersText(['a'])).toBe('a');
    expect(ownersText(['a', 'c'])).toBe('a, c');
    expect(ownersText([])).toBe('—');
    expect(ownersText(undefined)).toBe('—');
  });

  it('tells the live view where the DAG runs', () => {
    expect(runningOnText(['b'], true)).toBe('running on b');
    expect(runningOnText(['a', 'b'], true)).toBe('running on a, b');
    expect(runningOnText(['b'], false)).toBe('runs on b when started');
    expect(runningOnText(undefined, true)).toBeNull();
    expect(runningOnText([], true)).toBeNull();
  });
});
