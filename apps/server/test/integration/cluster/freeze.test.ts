import { describe, expect, it } from 'vitest';
import { sleep, until } from './harness';
import { leaderRunningBeat } from './two-instances';
import { runnersOf } from './stamps';

/**
 * The freeze proof: the leader is stopped (SIGSTOP: every thread of it) past the session
 * timeout, the standby takes over; on SIGCONT the old leader finds itself deposed and runs
 * nothing, not even before its main thread has noticed (its sources hold to the lease).
 */
const SESSION_MS = 4000;
/** Between `Date.now()` before `kill('SIGSTOP')` and the signal landing. */
const SIGNAL_SLACK_MS = 50;

describe('a frozen leader (SIGSTOP past the session timeout, then SIGCONT)', () => {
  const run = leaderRunningBeat();

  it('the standby takes over; the old leader, resumed, is not primary and stamps nothing', async () => {
    await run(SESSION_MS, async ({ cluster: c }) => {
      const frozenAt = Date.now();
      c.freeze('a');
      await c.untilStatus('b', 'b to take over', 30_000, (s) => s.role === 'primary');
      const primaryAfterMs = Date.now() - frozenAt;
      await until('b to stamp', 30_000, () => c.stamps('beat').find((s) => s.instance === 'b'));
      // Frozen well past the session timeout, as a long GC pause or a stopped VM would be.
      await sleep(Math.max(0, frozenAt + 2 * SESSION_MS - Date.now()));

      const resumedAt = Date.now();
      c.resume('a');
      const firstAnswer = await c.untilStatus('a', 'a to answer', 15_000, () => true);
      const deposed = await c.untilStatus(
        'a',
        'a to see itself deposed',
        15_000,
        (s) => s.role !== 'primary',
      );
      expect(['standby', 'joining']).toContain(deposed.role);
      // Time for anything the old leader would still run to show.
      await sleep(3000);
      expect((await c.status('b'))?.role).toBe('primary');
      const stamps = c.stamps('beat');
      const byA = stamps.filter((s) => s.instance === 'a');
      expect(byA.filter((s) => s.at >= resumedAt)).toEqual([]);
      expect(byA.filter((s) => s.at > frozenAt + SIGNAL_SLACK_MS)).toEqual([]);
      expect(stamps.filter((s) => s.instance === 'b' && s.at < frozenAt)).toEqual([]);
      expect(runnersOf(stamps)).toEqual(['a', 'b']);
      console.log(
        JSON.stringify({
          freeze: {
            primaryAfterMs,
            firstStampByBAfterMs: Math.min(
              ...stamps.filter((s) => s.instance === 'b').map((s) => s.at - frozenAt),
            ),
            firstAnswerAfterResume: firstAnswer.role,
          },
        }),
      );
    });
  }, 120_000);
});
