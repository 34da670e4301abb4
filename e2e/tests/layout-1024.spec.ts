// Issue 18, bug 11: the app on a 1024 x 768 window. The header fits on one line, the canvas keeps
// most of the width, the minimap stays small and can be hidden, the side panels collapse and come
// back (button and key, remembered), and an empty Problems panel is a one-line strip.
import type { Page } from '@playwright/test';
import { expect, signIn, test } from '../src/fixtures';
import { boxOf, headerOnOneLine, metronomeSample, scrollsSideways } from '../src/sample';

test.use({ viewport: { width: 1024, height: 768 } });

async function canvasWidth(page: Page): Promise<number> {
  return (await boxOf(page, '[data-testid="canvas"]')).width;
}

test.describe('layout at 1024 x 768', () => {
  test('the header fits on one line on every page, with every admin page reachable', async ({
    page,
    server,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    for (const path of ['/', '/dags/new', '/admin/users']) {
      await page.goto(path);
      await expect(page.getByTestId('user-menu')).toBeVisible();
      await expect(page.getByTestId('server-status')).toBeVisible();
      expect(await headerOnOneLine(page), path).toEqual([]);
      expect(await scrollsSideways(page), path).toBe(false);
    }
    // What does not fit is in a menu: the admin pages.
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
  });

  test('the designer: a wide canvas, a small minimap, panels that collapse and come back', async ({
    page,
    server,
    admin,
  }) => {
    const name = await metronomeSample(admin, 'narrow', { start: false });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}`);
    await expect(page.getByTestId('node-beat')).toBeVisible();
    expect(await headerOnOneLine(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);

    const canvas = await boxOf(page, '[data-testid="canvas"]');
    expect(canvas.width).toBeGreaterThanOrEqual(600);
    const minimap = await boxOf(page, '.react-flow__minimap');
    expect((minimap.width * minimap.height) / (canvas.width * canvas.height)).toBeLessThanOrEqual(
      0.15,
    );

    // The empty Problems panel is a one-line strip.
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    expect((await boxOf(page, '[data-testid="problems-dock"]')).height).toBeLessThanOrEqual(40);

    // The palette collapses with its button and comes back with its key; the canvas widens.
    await page.getByRole('button', { name: 'Hide palette' }).click();
    await expect(page.getByTestId('palette')).toBeHidden();
    const withoutPalette = await canvasWidth(page);
    expect(withoutPalette).toBeGreaterThan(canvas.width + 100);
    // The properties collapse too, and both stay so after a reload.
    await page.getByRole('button', { name: 'Hide properties' }).click();
    await expect(page.getByTestId('property-panel')).toBeHidden();
    expect(await canvasWidth(page)).toBeGreaterThan(withoutPalette + 200);
    await page.reload();
    await expect(page.getByTestId('node-beat')).toBeVisible();
    await expect(page.getByTestId('palette')).toBeHidden();
    await expect(page.getByTestId('property-panel')).toBeHidden();
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 20 } });
    await page.keyboard.press('[');
    await expect(page.getByTestId('palette')).toBeVisible();
    await page.keyboard.press(']');
    await expect(page.getByTestId('property-panel')).toBeVisible();
    expect(await canvasWidth(page)).toBeCloseTo(canvas.width, 0);

    // The minimap hides and comes back.
    await page.getByRole('button', { name: 'Hide minimap' }).click();
    await expect(page.locator('.react-flow__minimap')).toBeHidden();
    await page.getByRole('button', { name: 'Show minimap' }).click();
    await expect(page.locator('.react-flow__minimap')).toBeVisible();
  });

  test('the Problems panel grows with problems, and can be resized and collapsed', async ({
    page,
    server,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    await page.getByTestId('palette-calculator-AdditionCalculator').dblclick();
    await expect(page.getByTestId('problem')).not.toHaveCount(0);
    const dock = page.getByTestId('problems-dock');
    const open = await boxOf(page, '[data-testid="problems-dock"]');
    expect(open.height).toBeGreaterThan(80);
    await expect(page.getByTestId('problem').first()).toBeVisible();

    // Dragging its top edge up makes it taller.
    const handle = await boxOf(page, '[aria-label="Resize the Problems panel"]');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, handle.y - 100, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => (await dock.boundingBox())?.height ?? 0)
      .toBeGreaterThan(open.height + 80);

    // Collapsed, it is a strip that still counts the problems.
    await page.getByRole('button', { name: 'Collapse the Problems panel' }).click();
    await expect.poll(async () => (await dock.boundingBox())?.height ?? 99).toBeLessThanOrEqual(40);
    await expect(page.getByTestId('problem-count')).not.toHaveText('0');
    await page.getByRole('button', { name: 'Expand the Problems panel' }).click();
    await expect(page.getByTestId('problem').first()).toBeVisible();
    expect(await canvasWidth(page)).toBeGreaterThanOrEqual(600);
  });

  test('the live view: a wide canvas, and the inspector collapses', async ({
    page,
    server,
    admin,
  }) => {
    const name = await metronomeSample(admin, 'narrowlive');
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${name}/live`);
    await expect(page.getByTestId('node-beat')).toBeVisible();
    expect(await headerOnOneLine(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    const width = await canvasWidth(page);
    expect(width).toBeGreaterThanOrEqual(600);
    await page.getByRole('button', { name: 'Hide inspector' }).click();
    expect(await canvasWidth(page)).toBeGreaterThan(width + 200);
    await page.getByRole('button', { name: 'Show inspector' }).click();
    expect(await canvasWidth(page)).toBeCloseTo(width, 0);
  });
});
