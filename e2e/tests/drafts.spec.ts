import type { Page } from '@playwright/test';
import { apiSession, expect, signIn, test, uniqueName } from '../src/fixtures';

/** Drags a palette entry onto the canvas at a point of the canvas. */
async function drop(page: Page, testId: string, x: number, y: number) {
  await page.getByTestId(testId).dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x, y },
  });
}

/** Wires the output handle of one node to the input handle of another. */
async function wire(page: Page, from: string, to: string) {
  await page
    .getByTestId(`node-${from}`)
    .locator('.react-flow__handle.source')
    .dragTo(page.getByTestId(`node-${to}`).locator('.react-flow__handle.target'));
}

async function lookAt(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: test.info().outputPath(`${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('drafts', () => {
  test('a DAG with a problem is saved as a draft, comes back with it, and deploys only once valid', async ({
    page,
    server,
    admin,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const name = uniqueName('drafted');
    const nameField = page
      .getByTestId('property-panel')
      .getByRole('textbox', { name: 'name', exact: true });
    await nameField.fill(name);
    await nameField.press('Enter');
    await drop(page, 'palette-subscriber-mem', 150, 200);
    await drop(page, 'palette-calculator-AdditionCalculator', 450, 200);
    await drop(page, 'palette-publisher-mem', 750, 200);
    await wire(page, 'mem_in', 'addition');
    await wire(page, 'addition', 'mem_out');
    // The calculator has no arguments yet: one problem, and Save offers a draft.
    await expect(page.getByTestId('problem-count')).toHaveText('1');
    const saveDraft = page.getByRole('button', { name: 'Save draft' });
    await expect(saveDraft).toBeVisible();
    await saveDraft.click();
    await expect(page.getByText('Saved as a draft', { exact: true })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/dags/${name}$`));
    // Not a DAG: the server neither lists nor runs it.
    expect((await admin.client.dags.list.query()).map((d) => d.name)).not.toContain(name);

    await page.reload();
    const notice = page.getByTestId('draft-notice');
    await expect(notice).toContainText('Draft saved by admin');
    await expect(notice).toContainText('1 problem; there is no valid version yet');
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await expect(page.getByTestId('problem')).toContainText('$.calculators[0].config.arguments');
    // Start is not offered: it says why.
    await expect(page.getByTestId('start-blocked')).toHaveAttribute('aria-disabled', 'true');
    await page.getByTestId('start-blocked').hover();
    await expect(page.getByText(/only a draft \(1 problem\)/)).toBeVisible();
    await lookAt(page, 'draft-opened');

    // The dashboard lists it as a draft, without a Start that works.
    await page.goto('/');
    const row = page.getByTestId(`draft-row-${name}`);
    await expect(row).toContainText('1 problem, saved by admin');
    await expect(row.getByRole('button', { name: 'Start' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await lookAt(page, 'draft-dashboard');
    await row.getByRole('link', { name }).click();

    // Fixed and saved: a version, no draft left, and Start is offered.
    await page.getByTestId('node-addition').click();
    const panel = page.getByTestId('property-panel');
    const args = panel.getByPlaceholder('type and press Enter');
    await args.fill('a');
    await args.press('Enter');
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('draft-notice')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
    await expect(page.getByTestId('start-blocked')).toHaveCount(0);
    expect(await admin.client.dags.getDraft.query({ name })).toBeNull();

    // A problem again, Ctrl+S: a draft beside version 1, saying so; the dashboard badges it.
    await page.getByTestId('node-addition').click();
    await args.focus();
    await args.press('Backspace');
    await expect(page.getByTestId('problem-count')).toHaveText('1');
    await page.locator('.react-flow__pane').click({ position: { x: 60, y: 60 } });
    await page.keyboard.press('Control+s');
    await expect(page.getByText('Saved as a draft', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('draft-notice')).toContainText(
      '1 problem; the latest valid version is v1',
    );
    await expect(page.getByTestId('start-blocked')).toBeVisible();
    await page.goto('/');
    await expect(page.getByTestId(`draft-badge-${name}`)).toBeVisible();
    await expect(page.getByTestId(`dag-row-${name}`)).toBeVisible();
  });

  test('a viewer cannot save a draft', async ({ server, admin }) => {
    const name = uniqueName('viewer');
    await admin.client.users.create.mutate({
      username: name,
      password: 'viewer-password-1',
      role: 'viewer',
    });
    const viewer = await apiSession(server, name, 'viewer-password-1');
    await expect(
      viewer.client.dags.saveDraft.mutate({ config: { name: 'nope', nodes: [] } }),
    ).rejects.toThrow(/needs the analyst role/);
  });
});
