// The header, the Cluster popover, the read-only banner and the Owner column as a browser shows
// them in a cluster. The server is a single one: its `server.status` and `dags.list` answers are
// rewritten in flight (e2e/src/mock-cluster.ts); cluster.spec.ts runs a real two-instance cluster.
import type { Page } from '@playwright/test';
import { expect, runningSumDag, signIn, test } from '../src/fixtures';
import { mockCluster, type ClusterLook, type ClusterStatus } from '../src/mock-cluster';

const ZOOKEEPER = 'zk1.example:2181,zk2.example:2181,zk3.example:2181';

const members: ClusterStatus['members'] = [
  {
    name: 'a',
    url: 'http://10.0.0.1:8080',
    role: 'leader',
    seq: 41,
    joinedAt: '2026-12-02T09:00:00Z',
  },
  {
    name: 'b',
    url: 'http://10.0.0.2:8080',
    role: 'standby',
    seq: 42,
    joinedAt: '2026-12-02T09:00:01Z',
  },
];

const standby: ClusterLook = {
  role: 'standby',
  instance: 'b',
  cluster: {
    mode: 'primary',
    zookeeper: ZOOKEEPER,
    epoch: null,
    leader: 'a',
    members,
    problem: null,
  },
};

const PROBLEM = 'ZooKeeper zk1.example:2181 unreachable (connection refused), retrying in 8 s';
const joining: ClusterLook = {
  role: 'joining',
  instance: 'b',
  readOnly: true,
  cluster: { ...standby.cluster!, leader: null, members: [], problem: PROBLEM },
};

/** Screenshots at 1440 and 1024 wide (for a look by eye), back at 1440 after. */
async function shoot(page: Page, label: string) {
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${label}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('cluster in the header', () => {
  test('a standby says so; its popover lists the mode, ZooKeeper, the leader and epoch, and the members', async ({
    page,
    server,
  }) => {
    let look = standby;
    await mockCluster(page, () => look);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    const badge = page.getByTestId('server-status');
    await expect(badge).toHaveText('b · standby');
    await expect(badge).toHaveAttribute('data-role', 'standby');
    await expect(page.getByTestId('read-only-banner')).toHaveCount(0);

    await badge.click();
    const popover = page.getByTestId('cluster-popover');
    await expect(popover).toBeVisible();
    await expect(popover).toContainText('Cluster');
    await expect(popover.getByTestId('cluster-mode')).toContainText('primary and standbys');
    await expect(popover.getByTestId('cluster-zookeeper')).toContainText(ZOOKEEPER);
    await expect(popover.getByTestId('cluster-leader')).toContainText('a (epoch 41)');
    await expect(popover.getByTestId('cluster-problem')).toHaveCount(0);
    const rows = popover.getByTestId(/^cluster-member-/);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('primary');
    await expect(rows.nth(0)).toContainText('a');
    await expect(rows.nth(1)).toContainText('standby');
    await expect(popover.getByRole('link', { name: 'http://10.0.0.1:8080' })).toHaveAttribute(
      'href',
      'http://10.0.0.1:8080',
    );
    await shoot(page, 'standby-popover');
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();

    // The leader goes: this instance leads now, and the header says so at its next refresh.
    look = {
      role: 'primary',
      instance: 'b',
      cluster: {
        ...standby.cluster!,
        leader: 'b',
        epoch: 42,
        members: [{ ...members[1]!, role: 'leader' }],
      },
    };
    await expect(badge).toHaveText('b · primary');
    await expect(badge).toHaveAttribute('data-role', 'primary');
    await badge.click();
    await expect(page.getByTestId('cluster-leader')).toContainText('b (epoch 42)');
    await shoot(page, 'primary-popover');
  });

  test('while joining, a banner says why and the actions that change something are disabled with that reason', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'ro');
    await mockCluster(page, () => joining);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    await expect(page.getByTestId('server-status')).toHaveText('b · joining');
    const banner = page.getByTestId('read-only-banner');
    await expect(banner).toHaveText(
      `This server has not joined the cluster: ${PROBLEM}. It shows DAGs but changes nothing until it has.`,
    );

    const row = page.getByTestId(`dag-row-${dag}`);
    await expect(row).toHaveAttribute('data-state', 'running');
    const stop = page.getByRole('button', { name: `Stop ${dag}` });
    await expect(stop).toHaveAttribute('aria-disabled', 'true');
    await stop.hover();
    await expect(page.getByRole('tooltip')).toHaveText(
      `This server has not joined the cluster: ${PROBLEM}.`,
    );
    await stop.click({ force: true }); // Playwright would wait for it to be enabled
    await expect(page.getByRole('button', { name: `Delete ${dag}` })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await shoot(page, 'joining-dashboard');
    // The click did nothing: the DAG still runs.
    expect((await admin.client.dags.list.query()).find((d) => d.name === dag)?.state).toBe(
      'running',
    );

    await page.getByTestId('server-status').click();
    await expect(page.getByTestId('cluster-problem')).toContainText(PROBLEM);
    await expect(page.getByTestId('cluster-leader')).toContainText('none elected');
    await shoot(page, 'joining-popover');
    await page.keyboard.press('Escape');

    await page.goto(`/dags/${dag}/live`);
    await expect(banner).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await page.getByTestId('node-src').click();
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.getByRole('button', { name: /Publish a test message/ })).toHaveCount(0);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByRole('button', { name: 'Save' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  test('in partitioned mode the dashboard shows each DAG’s owner and the live view where it runs', async ({
    page,
    server,
    admin,
  }) => {
    const first = await runningSumDag(admin, 'own');
    const second = await runningSumDag(admin, 'own');
    const look: ClusterLook = {
      role: 'member',
      instance: 'b',
      cluster: {
        mode: 'partitioned',
        zookeeper: ZOOKEEPER,
        epoch: null,
        leader: 'a',
        members: [
          ...members,
          { ...members[1]!, name: 'c', seq: 43, url: 'http://10.0.0.3:8080' },
        ].map((m) => (m.role === 'standby' ? { ...m, role: 'member' as const } : m)),
        problem: null,
      },
      owners: { [first]: ['b'], [second]: ['a', 'c'], '*': [] },
    };
    await mockCluster(page, () => look);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    await expect(page.getByTestId('server-status')).toHaveText('b · member');
    await expect(page.getByRole('columnheader', { name: 'Owner' })).toBeVisible();
    await expect(page.getByTestId(`dag-row-${first}`).getByTestId('dag-owner')).toHaveText('b');
    await expect(page.getByTestId(`dag-row-${second}`).getByTestId('dag-owner')).toHaveText('a, c');
    await shoot(page, 'partitioned-dashboard');

    await page.goto(`/dags/${second}/live`);
    await expect(page.getByTestId('dag-runs-on')).toHaveText('running on a, c');
    await shoot(page, 'partitioned-live');
  });

  test('a single server shows no Owner column and its header keeps the uptime', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'single');
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    await expect(page.getByTestId(`dag-row-${dag}`)).toBeVisible();
    await expect(page.getByTestId('server-status')).toHaveText(/ · primary · up /);
    await expect(page.getByRole('columnheader', { name: 'Owner' })).toHaveCount(0);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('dag-state')).toHaveText('running');
    await expect(page.getByTestId('dag-runs-on')).toHaveCount(0);
  });
});
