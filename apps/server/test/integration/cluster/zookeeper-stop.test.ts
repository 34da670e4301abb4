import { describe, expect, it } from 'vitest';
import { refusal, sleep, until } from './harness';
import { leaderRunningBeat } from './two-instances';
import { changesOf, metronomeDag, runnersOf } from './stamps';

/**
 * The second proof: ZooKeeper (a private one) stops under a running leader. Its DAGs
 * stop producing within the session timeout, it reports itself `joining` and read-only and
 * refuses changes with a 503 saying why; once ZooKeeper is back exactly one instance runs the
 * DAG (stamped by a metronome: never two instances at once).
 */
const SESSION_MS = 4000;

describe('ZooKeeper stopped under a running leader (two server processes)', () => {
  const run = leaderRunningBeat();

  it('suspends its DAGs within the session timeout, then exactly one instance runs them', async () => {
    await run(SESSION_MS, async ({ cluster: c, a }) => {
      const stoppedAt = Date.now();
      await c.zookeeper.stop();
      const joining = await c.untilStatus(
        'a',
        'a to leave the cluster',
        30_000,
        (s) => s.role === 'joining',
      );
      const joiningAfterMs = Date.now() - stoppedAt;
      expect(joining.readOnly).toBe(true);
      const list = await c.untilList('a', 'beat to stop running on a', 30_000, (dags) =>
        dags.some((d) => d.name === 'beat' && d.state !== 'running'),
      );
      expect(['suspended', 'stopped']).toContain(list.find((d) => d.name === 'beat')?.state);
      const refused = await refusal(
        a.dags.save.mutate({
          config: metronomeDag('beat', 250),
          comment: 'while ZooKeeper is down',
        }),
      );
      expect(refused.httpStatus).toBe(503);
      expect(refused.message).toMatch(/zookeeper|cluster|read-only|joined/i);

      // Past the session timeout, nobody stamps: the leader suspended before its session could
      // expire, and the standby cannot take over without ZooKeeper.
      await sleep(Math.max(0, stoppedAt + SESSION_MS + 1500 - Date.now()));
      const during = c.stamps('beat').filter((s) => s.at > stoppedAt + SESSION_MS);
      expect(during).toEqual([]);

      const restartedAt = Date.now();
      await c.zookeeper.start();
      const first = await until('a stamp after ZooKeeper is back', 60_000, () =>
        c.stamps('beat').find((s) => s.at > restartedAt),
      );
      await sleep(3000);
      const after = c.stamps('beat').filter((s) => s.at > restartedAt);
      expect(new Set(after.map((s) => s.instance))).toEqual(new Set([first.instance]));
      const runner = await c.untilStatus(
        first.instance,
        'the runner to be primary',
        10_000,
        () => true,
      );
      expect(runner.role).toBe('primary');
      const other = first.instance === 'a' ? 'b' : 'a';
      await c.untilStatus(other, `${other} to stand by`, 30_000, (s) => s.role === 'standby');
      expect(runnersOf(c.stamps('beat'))).toEqual(changesOf(['a', first.instance]));
      console.log(
        JSON.stringify({
          zookeeperStop: {
            joiningAfterMs,
            lastStampAfterStopMs: Math.max(
              ...c
                .stamps('beat')
                .filter((s) => s.at < restartedAt)
                .map((s) => s.at - stoppedAt),
            ),
            runnerAfterRestart: first.instance,
            firstStampAfterRestartMs: first.at - restartedAt,
          },
        }),
      );
    });
  }, 120_000);
});
