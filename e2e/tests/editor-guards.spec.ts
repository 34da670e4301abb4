// Issue 18: trust and navigation. A test message never writes the user's file (bug 1), route
// changes ask before dropping unsaved changes (bug 2), the header's socket state and the live
// badge tell the truth (bugs 9 and 12), a viewer neither creates DAGs nor sees fields that look
// editable (bug 10).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { createUser, expect, runningSumDag, signIn, test, uniqueName } from '../src/fixtures';
import { screens } from '../src/screens';

/** The Mantine badge's dot colour (its ::before). */
const dotColour = (badge: Locator) =>
  badge.evaluate((el) => getComputedStyle(el, '::before').backgroundColor);

test.describe('editor guards (issue 18)', () => {
  test('bug 1: a test message into a file source reaches the node and leaves the file as it was', async ({
    page,
    server,
    admin,
  }) => {
    const name = uniqueName('filed');
    const files = join(server.dataDir, 'files');
    mkdirSync(files, { recursive: true });
    const source = join(files, `${name}.jsonl`);
    const lines = '{"a":1,"b":2}\n{"a":3,"b":4}\n';
    writeFileSync(source, lines);
    await admin.client.dags.save.mutate({
      config: {
        name,
        subscribers: [
          { name: 'lines', config: { source: `file:${name}.jsonl`, poll_interval_ms: 50 } },
        ],
        publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
        calculators: [
          {
            name: 'add',
            type: 'AdditionCalculator',
            config: { arguments: ['a', 'b'], output_attribute: 'sum' },
          },
        ],
        nodes: [
          { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'lines' } },
          { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
          { name: 'sink', type: 'PublicationNode', config: { publishers: ['out_q'] } },
        ],
        edges: [
          { from: 'src', to: 'calc' },
          { from: 'calc', to: 'sink' },
        ],
      },
    });
    await admin.client.dags.start.mutate({ name });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}/live`);
    await page.getByTestId('node-calc').click();
    await expect(page.getByTestId('inspector-output')).toHaveAttribute('data-json', /"sum":7\b/);

    await page.getByTestId('node-src').click();
    await page.getByRole('button', { name: 'Publish a test message…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to src' });
    await dialog
      .getByRole('textbox', { name: 'Message (a JSON object)' })
      .fill('{"a": 40, "b": 2}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('node-calc').click();
    await expect(page.getByTestId('inspector-output')).toHaveAttribute('data-json', /"sum":42\b/);
    await page.waitForTimeout(300); // a few polls: nothing shows up in the file
    expect(readFileSync(source, 'utf8')).toBe(lines);
    await admin.client.dags.stop.mutate({ name });
  });

  test('bug 2: an in-app link, the back button and the live switch ask before dropping unsaved changes', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'guarded', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/');
    await page.getByRole('link', { name: dag, exact: true }).click(); // in-app: back stays in-app
    await expect(page.getByTestId('node-sink')).toBeVisible();
    await page.getByTestId('node-sink').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('node-sink')).toHaveCount(0);
    await expect(page.getByText('unsaved changes')).toBeVisible();

    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    // A header link: Stay keeps the page and the edit.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(leave).toBeVisible();
    await screens(page, 'leave-dialog');
    await leave.getByRole('button', { name: 'Stay' }).click();
    await expect(leave).toBeHidden();
    expect(new URL(page.url()).pathname).toBe(`/dags/${dag}`);
    await expect(page.getByTestId('node-sink')).toHaveCount(0);
    await expect(page.getByText('unsaved changes')).toBeVisible();

    // The back button: the page stays until the user chooses.
    await page.evaluate(() => history.back());
    await expect(leave).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(`/dags/${dag}`);
    await leave.getByRole('button', { name: 'Stay' }).click();
    await expect(page.getByTestId('node-sink')).toHaveCount(0);

    // The design/live switch asks too.
    await page.getByText('Live', { exact: true }).click();
    await expect(leave).toBeVisible();
    await leave.getByRole('button', { name: 'Stay' }).click();
    expect(new URL(page.url()).pathname).toBe(`/dags/${dag}`);

    // Leave goes.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await leave.getByRole('button', { name: 'Leave' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'DAGs' })).toBeVisible();
  });

  test('bug 9: after the live view the design view does not say "reconnecting"', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'socket', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    const socket = page.getByTestId('socket-status');
    await expect(socket).toHaveAttribute('data-state', 'open');
    await page.getByText('Design', { exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/dags/${dag}$`));
    // The socket closes once nothing listens (after 2 s): on purpose, not a lost connection.
    await page.waitForTimeout(3_500);
    await expect(socket).not.toHaveAttribute('data-state', 'reconnecting');
    await expect(socket).not.toContainText('reconnecting');
    await screens(page, 'design-after-live');
  });

  test('bug 12: "view paused" has no green dot', async ({ page, server, admin }) => {
    const dag = await runningSumDag(admin, 'paused', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    const badge = page.getByTestId('live-status');
    await expect(badge).toHaveText(/live/i);
    const live = await dotColour(badge);
    await page.getByRole('button', { name: 'Pause view' }).click();
    await expect(badge).toHaveText(/view paused/i);
    const paused = await dotColour(badge);
    expect(paused).not.toBe(live);
    // Not green: the green channel does not dominate.
    const [r = 0, g = 0, b = 0] = (paused.match(/\d+/g) ?? []).map(Number);
    expect(g > r + 40 && g > b + 40).toBe(false);
  });

  test('bug 10: a viewer at /dags/new is told why, and sees fields that look read-only', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'viewed', { placed: true });
    const viewer = await createUser(server, { role: 'viewer' });
    await signIn(page, server, viewer.username, viewer.password);
    await page.goto('/dags/new');
    await expect(
      page.getByRole('heading', { name: 'You need the analyst role to create DAGs' }),
    ).toBeVisible();
    await expect(page.getByTestId('palette')).toHaveCount(0);
    await expect(page.getByText('New DAG')).toHaveCount(0);
    await screens(page, 'viewer-new');

    await page.goto(`/dags/${dag}`);
    await page.getByTestId('node-calc').click();
    const field = page.getByTestId('property-panel').getByRole('textbox', { name: 'node name' });
    await expect(field).not.toBeEditable();
    const look = () =>
      field.evaluate((el) => {
        const s = getComputedStyle(el);
        return { border: s.borderColor, background: s.backgroundColor, cursor: s.cursor };
      });
    const before = await look();
    await field.focus();
    const focused = await look();
    // No focus ring inviting typing, a plain cursor, and not the editable field's white ground.
    expect(focused.border).toBe(before.border);
    expect(before.cursor).toBe('default');
    expect(before.background).not.toBe('rgb(255, 255, 255)');
    await screens(page, 'viewer-fields');
  });
});
