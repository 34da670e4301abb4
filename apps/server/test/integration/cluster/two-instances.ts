import { afterAll } from 'vitest';
import { Cluster, saveAndStart, until, type Client } from './harness';
import { metronomeDag } from './stamps';

/**
 * The start of the freeze and ZooKeeper-stop proofs: instances a and b over a private ZooKeeper;
 * a leads, b stands by, and a has run the metronome `beat` (5 stamps).
 */
export interface LeaderRunning {
  readonly cluster: Cluster;
  /** a's client, logged in as admin. */
  readonly a: Client;
}

/**
 * For one test file: registers ending the cluster after the file (also when a test timed out)
 * and returns `run(sessionTimeoutMs, body)`, which starts a and b, waits until a runs `beat`,
 * runs body and prints each instance's log tail when it fails.
 */
export function leaderRunningBeat(): (
  sessionTimeoutMs: number,
  body: (setup: LeaderRunning) => Promise<void>,
) => Promise<void> {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.close();
  });
  return async (sessionTimeoutMs, body) => {
    const c = await Cluster.start({ instances: ['a', 'b'], sessionTimeoutMs });
    cluster = c;
    try {
      await c.untilStatus('a', 'a to lead', 30_000, (s) => s.role === 'primary');
      await c.untilStatus('b', 'b to stand by', 30_000, (s) => s.role === 'standby');
      const a = c.client('a');
      await saveAndStart(a, metronomeDag('beat'));
      await until('a to stamp', 30_000, () =>
        c.stamps('beat').filter((s) => s.instance === 'a').length >= 5 ? true : undefined,
      );
      await body({ cluster: c, a });
    } catch (error) {
      console.log(c.logTail());
      throw error;
    }
  };
}
