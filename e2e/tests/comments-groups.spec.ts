// Comments and groups on the canvas (issue 18): kept in `ui` by save, reload, export and import.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, runningSumDag, signIn, test } from '../src/fixtures';

/** Adds a comment through the pane's menu at a point of the canvas and writes `text` in it. */
async function addComment(page: Page, text: string, x: number, y: number) {
  await page.locator('.react-flow__pane').click({ button: 'right', position: { x, y } });
  await page.getByTestId('canvas-menu').getByRole('menuitem', { name: 'Add comment' }).click();
  const comment = page.locator('[data-testid^="comment-"]').last();
  await comment.dblclick();
  const field = page.getByRole('textbox', { name: 'Comment text' });
  await field.fill(text);
  await field.press('Control+Enter');
  await expect(comment).toHaveText(text);
}

/** Selects nodes with Ctrl+click and groups them with Ctrl+G. */
async function group(page: Page, nodes: string[]) {
  await page.getByTestId(`node-${nodes[0]}`).click();
  for (const n of nodes.slice(1))
    await page.getByTestId(`node-${n}`).click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
}

async function expectInside(page: Page, outer: string, inner: string) {
  const o = (await page.locator(outer).boundingBox())!;
  const i = (await page.getByTestId(inner).boundingBox())!;
  expect(i.x).toBeGreaterThan(o.x);
  expect(i.y).toBeGreaterThan(o.y);
  expect(i.x + i.width).toBeLessThan(o.x + o.width);
  expect(i.y + i.height).toBeLessThan(o.y + o.height);
}

test.describe('comments and groups', () => {
  test('a comment and a group survive save and reload, and follow edits', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'notes', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByTestId('node-calc')).toBeVisible();

    await addComment(page, 'Sums a and b.\nSecond line.', 300, 120);
    await group(page, ['src', 'calc']);
    const groupBox = page.locator('.react-flow__node-nodegroup');
    await expect(groupBox).toHaveCount(1);
    await expectInside(page, '.react-flow__node-nodegroup', 'node-src');
    await expectInside(page, '.react-flow__node-nodegroup', 'node-calc');

    // Rename and recolour from the title's menu.
    await page.getByRole('button', { name: 'Group Group 1' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const title = page.getByRole('textbox', { name: 'Group title' });
    await title.fill('Inputs');
    await title.press('Enter');
    await page.getByRole('button', { name: 'Group Inputs' }).click();
    await page.getByRole('button', { name: 'Colour teal' }).click();
    await page.keyboard.press('Escape');

    // The group follows its members when they move.
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 200 } });
    const before = (await groupBox.boundingBox())!;
    const calc = (await page.getByTestId('node-calc').boundingBox())!;
    await page.mouse.move(calc.x + 60, calc.y + 20);
    await page.mouse.down();
    await page.mouse.move(calc.x + 60, calc.y + 180, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(async () => (await groupBox.boundingBox())!.height)
      .toBeGreaterThan(before.height + 100);
    await expectInside(page, '.react-flow__node-nodegroup', 'node-calc');
    await page.screenshot({ path: test.info().outputPath('comment-group.png') });

    // A comment moves with a drag; undo puts it back.
    const comment = page.getByTestId('comment-c1');
    const at = (await comment.boundingBox())!;
    await page.mouse.move(at.x + 40, at.y + 30);
    await page.mouse.down();
    await page.mouse.move(at.x + 140, at.y + 60, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await comment.boundingBox())!.x).toBeGreaterThan(at.x + 80);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await comment.boundingBox())!.x).toBeLessThan(at.x + 5);
    await page.keyboard.press('Control+y');
    await expect.poll(async () => (await comment.boundingBox())!.x).toBeGreaterThan(at.x + 80);

    // Not a DAG node: no problem, nothing to export as a node.
    await expect(page.getByTestId('problem-count')).toHaveText('0');

    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => JSON.stringify((await admin.client.dags.get.query({ name: dag })).config))
      .toContain('"groups"');
    const stored = await admin.client.dags.get.query({ name: dag });
    const { ui } = stored.config as { ui: Record<string, unknown> };
    expect(ui.comments).toEqual([
      expect.objectContaining({ id: 'c1', text: 'Sums a and b.\nSecond line.' }),
    ]);
    expect(ui.groups).toEqual([
      { id: 'g1', title: 'Inputs', color: 'teal', nodes: ['src', 'calc'] },
    ]);

    await page.reload();
    await expect(page.getByTestId('comment-c1')).toHaveText('Sums a and b.\nSecond line.');
    await expect(page.getByRole('button', { name: 'Group Inputs' })).toBeVisible();
    await expectInside(page, '.react-flow__node-nodegroup', 'node-src');

    // Renaming a node renames it in its group; deleting a node takes it out.
    await page.getByTestId('node-calc').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    await page.getByRole('textbox', { name: 'New name' }).fill('adder');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expectInside(page, '.react-flow__node-nodegroup', 'node-adder');
    await page.getByTestId('node-src').click();
    await page.keyboard.press('Delete');
    await expectInside(page, '.react-flow__node-nodegroup', 'node-adder');

    // A selected comment deletes; undo brings it back.
    await page.getByTestId('comment-c1').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('comment-c1')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('comment-c1')).toBeVisible();
  });

  test('export, then import into a new DAG: the comment and the group are there', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'notesx', { placed: true });
    // Looked at in the dark, on a small window.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByTestId('node-calc')).toBeVisible();
    await addComment(page, 'Read me first', 300, 120);
    await group(page, ['calc', 'sink']);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const text = readFileSync(await (await downloading).path(), 'utf8');
    const exported = JSON.parse(text) as { ui: { comments: unknown[]; groups: unknown[] } };
    expect(exported.ui.comments).toEqual([expect.objectContaining({ text: 'Read me first' })]);
    expect(exported.ui.groups).toEqual([
      { id: 'g1', title: 'Group 1', color: 'blue', nodes: ['calc', 'sink'] },
    ]);

    await page.goto('/dags/new');
    await page.getByRole('button', { name: 'Import' }).click();
    // Under a new name: a new DAG.
    const copy = { ...(JSON.parse(text) as Record<string, unknown>), name: `${dag}_copy` };
    await page.getByTestId('import-text').fill(JSON.stringify(copy, null, 2));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect(page.getByTestId('dag-name')).toHaveText(`${dag}_copy`);
    await expect(page.locator('.react-flow__node-dag')).toHaveCount(3);
    await expect(page.getByTestId('comment-c1')).toHaveText('Read me first');
    await expect(page.getByRole('button', { name: 'Group Group 1' })).toBeVisible();
    await expectInside(page, '.react-flow__node-nodegroup', 'node-sink');
    await page.screenshot({ path: test.info().outputPath('imported-notes.png') });
  });

  test('the server refuses a bad comment with its place', async ({ admin }) => {
    const bad = {
      name: 'badnotes',
      nodes: [{ name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000 } }],
      ui: { comments: [{ id: 'c1', text: 'x'.repeat(2001), x: 0, y: 0 }] },
    };
    await expect(admin.client.dags.save.mutate({ config: bad })).rejects.toThrow(
      /ui\.comments\[0\]\.text/,
    );
  });
});
