import type { DagPlacement } from './types';

/**
 * Places DAGs on members (partitioned mode), moving only what must move:
 * - every DAG gets min(replicas, members) distinct owners; an owner that left is replaced in its
 *   place (the replica keeps its number), surplus replicas are dropped from the end;
 * - the load (replicas counted) of two members differs by at most 1: the most loaded member gives
 *   one replica at a time to the least loaded until it does (a member that joins takes DAGs from
 *   the most loaded until even).
 * Ties go to the member listed first in `members` (the caller lists them in join order).
 * Pure: the same input gives the same output, and a placement that already holds gives no move.
 */
export function place(
  dags: readonly DagPlacement[],
  members: readonly string[],
  current: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const alive = [...new Set(members)];
  const rank = new Map(alive.map((m, i) => [m, i]));
  const load = new Map(alive.map((m) => [m, 0]));
  const slots = new Map<string, (string | undefined)[]>();

  // Keep every live owner where it is (distinct, up to the wanted count).
  const wanted = new Map<string, number>();
  for (const dag of dags) wanted.set(dag.name, replicasOf(dag));
  const names = [...wanted.keys()].sort();
  for (const name of names) {
    const count = Math.min(wanted.get(name)!, alive.length);
    const kept: (string | undefined)[] = [];
    const seen = new Set<string>();
    for (const owner of (current.get(name) ?? []).slice(0, count)) {
      const live = rank.has(owner) && !seen.has(owner);
      kept.push(live ? owner : undefined);
      if (live) {
        seen.add(owner);
        load.set(owner, load.get(owner)! + 1);
      }
    }
    while (kept.length < count) kept.push(undefined);
    slots.set(name, kept);
  }

  const leastLoaded = (exclude: readonly (string | undefined)[]): string | undefined => {
    let best: string | undefined;
    for (const m of alive) {
      if (exclude.includes(m)) continue;
      if (best === undefined || load.get(m)! < load.get(best)!) best = m;
    }
    return best;
  };

  // Fill the empty places: each to the least loaded member not already owning that DAG.
  for (const name of names) {
    const owners = slots.get(name)!;
    for (let i = 0; i < owners.length; i++) {
      if (owners[i] !== undefined) continue;
      const m = leastLoaded(owners);
      if (m === undefined) break;
      owners[i] = m;
      load.set(m, load.get(m)! + 1);
    }
  }

  // Even out: one replica at a time from the most loaded member to the least loaded one. The most
  // loaded owns more DAGs than the least loaded, so one of them is not the least loaded's already.
  for (;;) {
    const byLoad = [...alive].sort(
      (a, b) => load.get(b)! - load.get(a)! || rank.get(a)! - rank.get(b)!,
    );
    const most = byLoad[0];
    const least = byLoad[byLoad.length - 1];
    if (most === undefined || least === undefined || load.get(most)! - load.get(least)! <= 1) break;
    const name = [...names]
      .reverse()
      .find((n) => slots.get(n)!.includes(most) && !slots.get(n)!.includes(least));
    if (name === undefined) break; // unreachable (see above); never loop forever
    const owners = slots.get(name)!;
    owners[owners.indexOf(most)] = least;
    load.set(most, load.get(most)! - 1);
    load.set(least, load.get(least)! + 1);
  }

  const result = new Map<string, string[]>();
  for (const name of names) {
    result.set(
      name,
      slots.get(name)!.filter((m): m is string => m !== undefined),
    );
  }
  return result;
}

function replicasOf(dag: DagPlacement): number {
  return Number.isFinite(dag.replicas) ? Math.max(1, Math.floor(dag.replicas)) : 1;
}

/** The DAGs whose owners differ between two placements (a DAG missing from `after`: []). */
export function ownerChanges(
  before: ReadonlyMap<string, readonly string[]>,
  after: ReadonlyMap<string, readonly string[]>,
): Map<string, readonly string[]> {
  const changed = new Map<string, readonly string[]>();
  for (const [dag, owners] of after) {
    const was = before.get(dag);
    if (!was || was.length !== owners.length || was.some((m, i) => owners[i] !== m)) {
      changed.set(dag, owners);
    }
  }
  for (const dag of before.keys()) if (!after.has(dag)) changed.set(dag, []);
  return changed;
}
