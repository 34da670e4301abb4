import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, signIn, test, uniqueName } from '../src/fixtures';

const IMPORT_FILE = fileURLToPath(new URL('../fixtures/import-dag.json', import.meta.url));

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

async function setDagName(page: Page, name: string) {
  const field = page
    .getByTestId('property-panel')
    .getByRole('textbox', { name: 'name', exact: true });
  await field.fill(name);
  await field.press('Enter');
  await expect(page.getByTestId('dag-name')).toHaveText(name);
}

test.describe('designer', () => {
  test('main story: draw, save, start, publish, see the sum, stop', async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const name = uniqueName('story');
    await setDagName(page, name);

    await drop(page, 'palette-subscriber-mem', 150, 200);
    await drop(page, 'palette-calculator-AdditionCalculator', 450, 200);
    await drop(page, 'palette-publisher-mem', 750, 200);
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await wire(page, 'mem_in', 'addition');
    await wire(page, 'addition', 'mem_out');
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);

    // The calculator's form comes from its schema; arguments are required, so it starts invalid.
    await page.getByTestId('node-addition').click();
    const panel = page.getByTestId('property-panel');
    await expect(page.getByTestId('problem-count')).not.toHaveText('0');
    const args = panel.getByPlaceholder('type and press Enter');
    await args.fill('a');
    await args.press('Enter');
    await args.fill('b');
    await args.press('Enter');
    await panel.getByRole('textbox', { name: 'output attribute' }).fill('sum');
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await page.screenshot({ path: test.info().outputPath('drawn.png') });

    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(new RegExp(`/dags/${name}$`));
    await expect(page.getByTestId('dag-state')).toHaveText('stopped');

    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page).toHaveURL(new RegExp(`/dags/${name}/live$`));
    await expect(page.getByTestId('dag-state')).toHaveText('running');
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');

    await page.getByRole('button', { name: 'Publish to mem_in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to mem_in' });
    const json = dialog.getByRole('textbox', { name: 'Message (a JSON object)' });
    await json.fill('{"a": 1, "b": 2');
    await json.blur();
    await expect(dialog.getByRole('button', { name: 'Send' })).toBeDisabled();
    await json.fill('{"a": 1, "b": 2}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();

    await page.getByTestId('node-addition').click();
    const output = page.getByTestId('inspector-output');
    await expect(output).toHaveAttribute('data-json', /"sum":3/);
    await expect(output).toContainText('sum');
    await expect(page.getByTestId('live-addition')).toContainText('#1');
    await page.screenshot({ path: test.info().outputPath('live-sum.png') });

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('dag-state')).toHaveText('stopped');
  });

  test('a cycle drawn on the canvas is a problem naming its nodes, and is saved only as a draft', async ({
    page,
    server,
    admin,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const name = uniqueName('cycle');
    await setDagName(page, name);
    await drop(page, 'palette-calculator-PassthruCalculator', 200, 150);
    await drop(page, 'palette-calculator-PassthruCalculator', 500, 300);
    await wire(page, 'passthru', 'passthru_2');
    await wire(page, 'passthru_2', 'passthru');
    const problem = page.getByTestId('problem').filter({ hasText: 'cycle' });
    await expect(problem).toContainText('passthru -> passthru_2 -> passthru');
    await page.screenshot({ path: test.info().outputPath('cycle.png') });

    // With problems, Save keeps a draft (issue 18): never a version the server would run.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByText('Saved as a draft', { exact: true })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/dags/${name}$`));
    const stored = await admin.client.dags.list.query();
    expect(stored.map((d) => d.name)).not.toContain(name);
    // Clicking the problem focuses a node of the cycle.
    await page.getByTestId('node-passthru').click();
    await page.getByTestId('problem').filter({ hasText: 'cycle' }).click();
    await expect(page.getByTestId('node-passthru_2').locator('..')).toHaveClass(/selected/);

    // The server refuses the same config with the same problem, whatever the browser does.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const config: unknown = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'));
    await expect(admin.client.dags.save.mutate({ config })).rejects.toThrow(
      /cycle: passthru -> passthru_2 -> passthru/,
    );
  });

  test('import a DAG file, export it, and get the same config', async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('input[type=file]').setInputFiles(IMPORT_FILE);
    await expect(page.getByTestId('dag-name')).toHaveText('imported_orders');
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    await expect(page.getByText('⇢ drop_secret')).toBeVisible();
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await page.screenshot({ path: test.info().outputPath('imported.png') });

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await (await downloading).path();
    const exported: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toEqual(JSON.parse(readFileSync(IMPORT_FILE, 'utf8')));
  });

  test('import a DAG without positions: laid out on the canvas, exported as it came', async ({
    page,
    server,
  }) => {
    const { ui: _ui, ...bare } = JSON.parse(readFileSync(IMPORT_FILE, 'utf8')) as {
      ui?: unknown;
    };
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify(bare, null, 2));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    // Laid out left to right along its edges: the source left of the sink.
    const src = (await page.getByTestId('node-src').boundingBox())!;
    const sink = (await page.getByTestId('node-sink').boundingBox())!;
    expect(sink.x).toBeGreaterThan(src.x + src.width);
    await page.screenshot({ path: test.info().outputPath('imported-laid-out.png') });

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const exported: unknown = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'));
    expect(exported).toEqual(bare);
  });

  test('undo and redo a deletion', async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(readFileSync(IMPORT_FILE, 'utf8'));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect(page.locator('.react-flow__node')).toHaveCount(4);

    await page.getByTestId('node-ren').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('node-ren')).toHaveCount(0);
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);
    // The renamed node's edges are gone; its calculator too, so nothing dangles.
    await expect(page.getByTestId('problem-count')).toHaveText('0');

    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('node-ren')).toBeVisible();
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);

    await page.keyboard.press('Control+Shift+z');
    await expect(page.getByTestId('node-ren')).toHaveCount(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('node-ren')).toBeVisible();
  });
});
