import type { Page } from '@playwright/test';
import { expect, signIn, test } from '../src/fixtures';

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

test.describe('component help', () => {
  test.beforeEach(async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
  });

  test("the palette's ? opens AdditionCalculator's help: description, fields, example", async ({
    page,
  }) => {
    await page.getByRole('button', { name: 'Help on Addition', exact: true }).click();
    const help = page.getByRole('dialog').getByTestId('help-calculator-AdditionCalculator');
    await expect(help).toBeVisible();
    await expect(help.getByTestId('help-description')).toContainText('The sum of the arguments');

    const fields = help.getByTestId('help-field');
    await expect(fields).toHaveCount(2);
    await expect(fields.nth(0)).toHaveText(
      ['arguments', 'array of string', 'yes', '—', 'the attributes combined (at least one)'].join(
        '',
      ),
    );
    const output = fields.filter({ hasText: 'output_attribute' });
    await expect(output).toContainText('"result"');
    await expect(output).toContainText('the attribute the result is set as');

    const example = help.getByTestId('help-example');
    await expect(example).toContainText('"arguments"');
    expect(JSON.parse(await help.getByTestId('help-example-input').innerText())).toEqual({
      a: 2,
      b: '3.5',
    });
    expect(JSON.parse(await help.getByTestId('help-example-output').innerText())).toEqual({
      sum: 5.5,
    });
    await lookAt(page, 'palette-help');

    // The ? neither adds the component nor leaves the dialog open when closed.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
  });

  test("a selected node's Help tab shows its components' help", async ({ page }) => {
    await page
      .getByTestId('palette-calculator-AdditionCalculator')
      .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 200 } });
    await page.getByTestId('node-addition').click();
    const panel = page.getByTestId('property-panel');
    await panel.getByRole('tab', { name: 'Help' }).click();
    const help = panel.getByTestId('node-help');
    await expect(help).toContainText('CalculationNode');
    await expect(help.getByTestId('help-calculator-AdditionCalculator')).toBeVisible();
    await expect(help.getByTestId('help-field')).toHaveCount(2);
    await expect(help.getByTestId('help-example-output')).toContainText('"sum": 5.5');
    await lookAt(page, 'node-help');
    await panel.getByRole('tab', { name: 'Properties' }).click();
    await expect(panel.getByRole('textbox', { name: 'node name', exact: true })).toHaveValue(
      'addition',
    );
  });
});
