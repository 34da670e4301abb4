import type { Page } from '@playwright/test';
import { runningSumDag } from '../src/dags';
import { expect, signIn, test, type ApiSession } from '../src/fixtures';

/** A running DAG src -> calc (ExpressionCalculator `price`, into `total`) -> sink. */
const runningExpressionDag = (admin: ApiSession): Promise<string> =>
  runningSumDag(admin, 'expr', {
    placed: true,
    calculator: {
      name: 'expr',
      type: 'ExpressionCalculator',
      config: { expression: 'price', output_attribute: 'total' },
    },
  });

const expressionField = (page: Page) =>
  page.getByTestId('property-panel').getByRole('textbox', { name: 'expression', exact: true });

test.describe('expressions (issue 17)', () => {
  test('the palette offers the expression components with the catalog help', async ({
    page,
    server,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const palette = page.getByTestId('palette');
    for (const id of [
      'palette-calculator-ExpressionCalculator',
      'palette-calculator-FilterCalculator',
      'palette-transformer-ExpressionDataTransformer',
    ])
      await expect(palette.getByTestId(id)).toBeVisible();
    await expect(palette.getByTestId('palette-calculator-FilterCalculator')).toContainText(
      'Filter',
    );
  });

  test('an expression previews on the running DAG last input, then runs once applied', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningExpressionDag(admin);
    await admin.client.publish.send.mutate({
      dag,
      node: 'src',
      message: { price: 2, quantity: 3 },
    });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/dags/${dag}`);
    await page.getByTestId('node-calc').click();

    const preview = page.getByTestId('expression-preview');
    await expect(preview.getByTestId('preview-source')).toHaveText(
      /^last input of calc, \d+ s ago$/,
    );
    await expect(preview.getByTestId('preview-result')).toHaveText('2');

    await expressionField(page).fill('price * quantity');
    await expect(preview.getByTestId('preview-result')).toHaveText('6');
    await page.screenshot({ path: test.info().outputPath('expression-preview-1440.png') });

    // A half-typed expression: the error and where it is.
    await expressionField(page).fill('price * ');
    await expect(preview.getByTestId('preview-error')).toContainText(/error: .*position/);
    await page.screenshot({ path: test.info().outputPath('expression-error-1440.png') });

    // A pasted sample instead of the live input.
    await preview.getByText('sample', { exact: true }).click();
    await expect(preview.getByTestId('preview-source')).toHaveText('sample');
    await expressionField(page).fill('price * quantity');
    await preview
      .getByRole('textbox', { name: 'sample message' })
      .fill('{"price": 5, "quantity": 7}');
    await expect(preview.getByTestId('preview-result')).toHaveText('35');

    // Saved and applied, the DAG computes with the new expression.
    await page.getByRole('button', { name: 'Save' }).click();
    const notice = page.getByTestId('version-notice');
    await expect(notice).toContainText('Saved v2. The DAG keeps running v1');
    await notice.getByRole('button', { name: `Apply v2 to ${dag}` }).click();
    await page
      .getByRole('dialog', { name: `Apply v2 to ${dag}` })
      .getByRole('button', { name: 'Apply v2' })
      .click();
    await expect(notice).toHaveCount(0);

    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('node-src').click();
    await page.getByRole('button', { name: 'Publish a test message…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to src' });
    await dialog
      .getByRole('textbox', { name: 'Message (a JSON object)' })
      .fill('{"price": 4, "quantity": 5}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('node-calc').click();
    await expect(page.getByTestId('inspector-output')).toHaveAttribute('data-json', /"total":20\b/);
  });

  test('a filter previews passes, filtered and not a boolean on a sample', async ({
    page,
    server,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    await page
      .getByTestId('palette-calculator-FilterCalculator')
      .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 200 } });
    await page.locator('.react-flow__node').first().click();
    const panel = page.getByTestId('property-panel');
    const condition = panel.getByRole('textbox', { name: 'condition', exact: true });
    await expect(condition).toBeVisible();
    const preview = panel.getByTestId('expression-preview');
    await expect(preview.getByTestId('preview-source')).toHaveText('sample');
    await preview.getByRole('textbox', { name: 'sample message' }).fill('{"sum": 3}');
    await condition.fill('sum > 0');
    await expect(preview.getByTestId('preview-result')).toHaveText('passes');
    await condition.fill('sum > 5');
    await expect(preview.getByTestId('preview-result')).toHaveText('filtered');
    await condition.fill('sum');
    await expect(preview.getByTestId('preview-error')).toContainText('error: not a boolean');
  });
});
