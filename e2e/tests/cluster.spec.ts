// Two servers in one cluster (the services' ZooKeeper and PostgreSQL, a 4 s session): the
// browser on the standby shows the leader's live figures; the leader is SIGKILLed; within 20 s
// the standby's header says primary and the live figures keep rising, now from this instance.
// The spec starts and ends its own two processes and database (e2e/src/cluster.ts).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiSession } from '../src/helpers';
import { createCluster, type Cluster } from '../src/cluster';
import { SESSION_COOKIE, type ApiSession } from '../src/api';
import { ADMIN_PASSWORD, type FlowServer } from '../src/server';

/** The session timeout (ms) the cluster runs with; the target is twice it. */
const SESSION_MS = 4_000;
const TAKEOVER_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A metronome ticking every 200 ms into an in-memory queue. */
function metronomeDag(name: string) {
  return {
    name,
    description: 'A metronome for the failover test',
    publishers: [{ name: 'ticks_out', config: { destination: `mem://queue/${name}_out` } }],
    nodes: [
      { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 200 } },
      { name: 'pub', type: 'PublicationNode', config: { publishers: ['ticks_out'] } },
    ],
    edges: [{ from: 'beat', to: 'pub' }],
  };
}

async function role(session: ApiSession): Promise<string> {
  return (await session.client.server.status.query()).role;
}

/** The compute count the live view shows on a node (`#123`), or -1 while it shows none. */
async function liveCount(node: Locator): Promise<number> {
  const text =
    (await node
      .locator('[title="compute count"]')
      .textContent()
      .catch(() => null)) ?? '';
  const match = /#([\d,]+)/.exec(text);
  return match ? Number(match[1]!.replaceAll(',', '')) : -1;
}

/** Passes once the node's count rose over 1.5 s (read twice), within `timeout`. */
async function expectRising(node: Locator, timeout: number, message: string) {
  await expect
    .poll(
      async () => {
        const before = await liveCount(node);
        await sleep(1_500);
        const after = await liveCount(node);
        return before >= 0 && after > before;
      },
      { timeout, intervals: [0], message },
    )
    .toBe(true);
}

/** Screenshots at 1440 and 1024 wide, back at 1440 after. */
async function shoot(page: Page, label: string) {
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${label}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('cluster', () => {
  test('the browser on the standby shows the live DAG, and the new primary within seconds of the leader’s SIGKILL', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    let cluster: Cluster | undefined;
    try {
      cluster = await createCluster();
      // One after the other: the first to join leads, and creates the admin user.
      const a = await cluster.start('a');
      const adminA = await apiSession(a, 'admin', ADMIN_PASSWORD);
      await expect
        .poll(() => role(adminA), { timeout: 30_000, message: 'a leads' })
        .toBe('primary');
      const b = await cluster.start('b');
      const adminB = await apiSession(b, 'admin', ADMIN_PASSWORD);
      await expect
        .poll(() => role(adminB), { timeout: 30_000, message: 'b stands by' })
        .toBe('standby');

      // Saved and started through the standby: it takes effect on the leader.
      const dag = 'beat_failover';
      await adminB.client.dags.save.mutate({ config: metronomeDag(dag) });
      await adminB.client.dags.start.mutate({ name: dag });
      await expect
        .poll(
          async () => (await adminA.client.dags.list.query()).find((d) => d.name === dag)?.state,
        )
        .toBe('running');

      await signInOn(page, b, adminB);
      await page.goto(`${b.baseURL}/dags/${dag}/live`);
      const badge = page.getByTestId('server-status');
      await expect(badge).toHaveText('b · standby');
      await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
      await expect(page.getByTestId('dag-state')).toHaveText('running');
      await expect(page.getByTestId('dag-runs-on')).toHaveText('running on a');
      const beat = page.getByTestId('node-beat');
      await expectRising(beat, 20_000, "the leader's metronome ticks on the standby's live view");
      await badge.click();
      await expect(page.getByTestId('cluster-leader')).toContainText('a (epoch');
      await expect(page.getByTestId('cluster-members').getByTestId(/^cluster-member-/)).toHaveCount(
        2,
      );
      await shoot(page, 'standby-live');
      await page.keyboard.press('Escape');

      const killedAt = Date.now();
      a.signal('SIGKILL');
      await a.exit();
      await expect(badge).toHaveText('b · primary', { timeout: TAKEOVER_MS });
      const takeover = Date.now() - killedAt;
      await expect(page.getByTestId('dag-runs-on')).toHaveText('running on b', {
        timeout: 10_000,
      });
      await expectRising(beat, TAKEOVER_MS, 'the new primary runs the metronome');
      const running = Date.now() - killedAt;
      test.info().annotations.push({
        type: 'failover',
        description: `header primary ${takeover} ms, live counts rising again ${running} ms after SIGKILL (session ${SESSION_MS} ms)`,
      });
      console.log(
        `failover: header primary after ${takeover} ms, counts rising after ${running} ms`,
      );
      expect(takeover).toBeLessThanOrEqual(TAKEOVER_MS);
      await shoot(page, 'primary-live');

      await badge.click();
      await expect(page.getByTestId('cluster-leader')).toContainText('b (epoch');
      await expect(page.getByTestId('cluster-members').getByTestId(/^cluster-member-/)).toHaveCount(
        1,
      );
    } catch (error) {
      // Both servers' output goes with the failure (the fixture's server-log is for its server).
      for (const [name, server] of cluster?.servers ?? [])
        await test.info().attach(`server-log-${name}`, {
          body: server.logSince() || '(no output)',
          contentType: 'text/plain',
        });
      throw error;
    } finally {
      await cluster?.close();
    }
  });
});

/** Puts the admin's session on `server` into the browser (no UI login). */
async function signInOn(page: Page, server: FlowServer, session: ApiSession) {
  await page
    .context()
    .addCookies([
      { name: SESSION_COOKIE, value: session.sessionId, url: server.baseURL, httpOnly: true },
    ]);
}
