import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test } from '../src/fixtures';

/** Drags a palette entry onto the canvas at a point of the canvas. */
async function drop(page: Page, testId: string, x: number, y: number) {
  await page.getByTestId(testId).dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x, y },
  });
}

/** Whether every code badge shows its whole text (nothing cut with an ellipsis). */
async function expectWhole(badges: Locator) {
  const count = await badges.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const label = badges.nth(i).locator('.mantine-Badge-label');
    const fits = await label.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits, `badge ${await label.textContent()} is cut`).toBe(true);
  }
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

test.describe('problems panel', () => {
  test.beforeEach(async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
  });

  test('an empty DAG is not "valid": it warns to add a subscriber', async ({ page }) => {
    await page.goto('/dags/new');
    const panel = page.getByTestId('problems-panel');
    await expect(panel.getByTestId('warning')).toHaveCount(1);
    await expect(panel.getByTestId('warning')).toContainText('add a subscriber to start');
    await expect(panel.getByTestId('warning')).toContainText('empty_dag');
    await expect(panel).not.toContainText('The DAG is valid.');
    await expect(page.getByTestId('problem-count')).toHaveText('0');
  });

  test('an unconnected node is a warning, gone once it is wired', async ({ page }) => {
    await page.goto('/dags/new');
    await drop(page, 'palette-subscriber-mem', 150, 200);
    await drop(page, 'palette-publisher-mem', 550, 200);
    const panel = page.getByTestId('problems-panel');
    const warnings = panel.getByTestId('warning');
    await expect(warnings).toHaveCount(2);
    await expect(warnings.filter({ hasText: 'node "mem_in" is not connected' })).toHaveCount(1);
    await expect(warnings.filter({ hasText: 'node "mem_out" is not connected' })).toHaveCount(1);
    await expect(panel.getByTestId('problems-summary')).toHaveText(
      'No problems; 2 warnings (it can be saved).',
    );
    await expectWhole(panel.getByTestId('problem-code'));
    await lookAt(page, 'unconnected');

    await page
      .getByTestId('node-mem_in')
      .locator('.react-flow__handle.source')
      .dragTo(page.getByTestId('node-mem_out').locator('.react-flow__handle.target'));
    await expect(warnings).toHaveCount(0);
    await expect(panel.getByTestId('problems-summary')).toHaveText('The DAG is valid.');
  });

  test('a bad or a duplicate node name is in Problems, at its path, and on the node', async ({
    page,
  }) => {
    await page.goto('/dags/new');
    await drop(page, 'palette-subscriber-mem', 150, 200);
    await drop(page, 'palette-publisher-mem', 550, 200);
    await page.getByTestId('node-mem_in').click();
    const field = page
      .getByTestId('property-panel')
      .getByRole('textbox', { name: 'node name', exact: true });
    const problems = page.getByTestId('problems-panel').getByTestId('problem');

    await field.fill('bad name!');
    await expect(problems).toHaveCount(1);
    await expect(problems).toContainText('invalid_name');
    await expect(problems).toContainText('$.nodes[0].name');
    await expect(problems).toContainText('"bad name!" is not a name');
    await expect(page.getByTestId('problem-count')).toHaveText('1');
    const node = page.getByTestId('node-mem_in');
    await expect(node).toHaveClass(/dag-node--problem/);
    await expect(node.locator('.dag-node__badge')).toHaveText('1');
    await expectWhole(page.getByTestId('problems-panel').getByTestId('problem-code'));
    await lookAt(page, 'bad-name');

    await field.fill('mem_out');
    await expect(problems).toHaveCount(1);
    await expect(problems).toContainText('duplicate_name');
    await expect(problems).toContainText('the name "mem_out" is already used');
    await expect(node).toHaveClass(/dag-node--problem/);

    await field.fill('source');
    await field.press('Enter');
    await expect(problems).toHaveCount(0);
    await expect(page.getByTestId('node-source')).not.toHaveClass(/dag-node--problem/);
  });

  test('the longest problem codes are shown whole', async ({ page }) => {
    await page.goto('/dags/new');
    const config = {
      name: 'long_codes',
      subscribers: [{ name: 's', config: { source: 'mem://queue/in' } }],
      publishers: [{ name: 'p', config: { destination: 'mem://queue/out' } }],
      calculators: [{ name: 'c', type: 'AdditionCalculator', config: {} }],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 's' } },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['p'] } },
        { name: 'calc', type: 'CalculationNode', config: { calculator: 'c' } },
      ],
      edges: [
        { from: 'src', to: 'sink' },
        { from: 'sink', to: 'calc' },
        { from: 'calc', to: 'src' },
        { from: 'src', to: 'missing' },
      ],
    };
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify(config));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    const panel = page.getByTestId('problems-panel');
    await expect(panel.getByTestId('problem').first()).toBeVisible();
    await expect(panel.getByTestId('problem-code').getByText('unknown_reference')).toBeVisible();
    await expectWhole(panel.getByTestId('problem-code'));
    await lookAt(page, 'long-codes');
  });
});
