import type { DagListEntry } from '@flow/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster, saveAndStart, until } from './harness';
import { changesOf, metronomeDag, runnersOf } from './stamps';

/**
 * The scale-out proof: three instances in partitioned mode, 12 metronome-fed DAGs
 * stamped by whoever runs them: 4/4/4. One is SIGKILLed: its 4 DAGs move to the other two (6/6),
 * the others stay; restarted, it gets 4 back (4/4/4) and only the DAGs that had to move moved.
 * Each DAG's stamps show exactly the owners it had, in order: never two at once.
 */
const DAGS = Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);

/** Each DAG's single owner, when every DAG runs and each of `instances` owns `each`. */
function spread(dags: DagListEntry[], instances: readonly string[], each: number) {
  const owners = new Map<string, string>();
  for (const name of DAGS) {
    const dag = dags.find((d) => d.name === name);
    if (dag?.state !== 'running' || dag.owners?.length !== 1) return undefined;
    owners.set(name, dag.owners[0]!);
  }
  const counts = instances.map((i) => [...owners.values()].filter((o) => o === i).length);
  return counts.every((n) => n === each) ? owners : undefined;
}

describe('partitioned mode (three server processes, 12 DAGs)', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.close();
  });

  it('spreads 4/4/4, moves only the dead instance`s DAGs (6/6), and rebalances when it is back', async () => {
    cluster = await Cluster.start({
      instances: ['a', 'b', 'c'],
      mode: 'partitioned',
      sessionTimeoutMs: 4000,
    });
    const c = cluster;
    try {
      await c.untilStatus('a', 'a to lead', 30_000, (s) => s.role === 'primary');
      for (const name of ['b', 'c'])
        await c.untilStatus(name, `${name} to join`, 30_000, (s) => s.role === 'member');
      const a = c.client('a');
      for (const name of DAGS) await saveAndStart(a, metronomeDag(name, 200));
      let owners1 = new Map<string, string>();
      await c.untilList('a', '12 DAGs running 4/4/4', 60_000, (dags) => {
        owners1 = spread(dags, ['a', 'b', 'c'], 4) ?? owners1;
        return owners1.size === DAGS.length;
      });
      /** Until every DAG was stamped after `since` by the owner `owners` gives it. */
      const stampedByOwners = (what: string, owners: Map<string, string>, since: number) =>
        until(what, 30_000, () =>
          DAGS.every((d) => c.stamps(d).some((s) => s.at > since && s.instance === owners.get(d)))
            ? true
            : undefined,
        );
      await stampedByOwners('every DAG stamped by its owner', owners1, 0);

      const killedAt = Date.now();
      await c.kill('c');
      let owners2 = new Map<string, string>();
      await c.untilList('a', 'the 12 DAGs running 6/6 on a and b', 60_000, (dags) => {
        owners2 = spread(dags, ['a', 'b'], 6) ?? owners2;
        return owners2.size === DAGS.length;
      });
      const movedAfterMs = Date.now() - killedAt;
      const moved2 = DAGS.filter((d) => owners1.get(d) !== owners2.get(d));
      expect(moved2.sort()).toEqual(DAGS.filter((d) => owners1.get(d) === 'c').sort());
      await stampedByOwners('every DAG stamped by its new owner', owners2, killedAt);

      const restartedAt = Date.now();
      await c.startInstance('c');
      let owners3 = new Map<string, string>();
      await c.untilList('a', 'the 12 DAGs running 4/4/4 again', 60_000, (dags) => {
        owners3 = spread(dags, ['a', 'b', 'c'], 4) ?? owners3;
        return owners3.size === DAGS.length;
      });
      const rebalancedAfterMs = Date.now() - restartedAt;
      const moved3 = DAGS.filter((d) => owners2.get(d) !== owners3.get(d));
      // Incremental: only the 4 the newcomer takes moved, none between a and b.
      expect(moved3).toHaveLength(4);
      expect(moved3.map((d) => owners3.get(d))).toEqual(['c', 'c', 'c', 'c']);
      const settledAt = Date.now();
      await stampedByOwners(
        'every DAG stamped by its owner after the rebalance',
        owners3,
        settledAt,
      );

      for (const d of DAGS) {
        const expected = changesOf([owners1.get(d)!, owners2.get(d)!, owners3.get(d)!]);
        expect({ dag: d, runners: runnersOf(c.stamps(d)) }).toEqual({ dag: d, runners: expected });
      }
      console.log(
        JSON.stringify({
          partitioned: { movedAfterMs, rebalancedAfterMs, moved: moved2, back: moved3 },
        }),
      );
    } catch (error) {
      console.log(c.logTail());
      throw error;
    }
  }, 120_000);
});
