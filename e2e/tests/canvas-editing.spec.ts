// Canvas editing (issue 18): new nodes never land on others, find (Ctrl+F), the right-click menu.
import type { Page } from '@playwright/test';
import {
  createUser,
  expect,
  runningSumDag,
  signIn,
  test,
  uniqueName,
  type ApiSession,
} from '../src/fixtures';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes of the DAG nodes on the canvas, as the page lays them out. */
async function nodeBoxes(page: Page): Promise<Box[]> {
  const nodes = page.locator('.react-flow__node-dag');
  const boxes: Box[] = [];
  for (let i = 0; i < (await nodes.count()); i++) boxes.push((await nodes.nth(i).boundingBox())!);
  return boxes;
}

function expectNoOverlap(boxes: Box[]) {
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlap(boxes[i]!, boxes[j]!), `nodes ${i} and ${j} overlap`).toBe(false);
}

/** A running DAG of a metronome feeding `count` pass-through nodes `n_0`…, laid out in a grid. */
async function bigDag(admin: ApiSession, count: number): Promise<string> {
  const name = uniqueName('bigfind');
  const nodes: Record<string, unknown>[] = [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'tick' } },
  ];
  const positions: Record<string, { x: number; y: number }> = { src: { x: -300, y: 0 } };
  for (let i = 0; i < count; i++) {
    nodes.push({ name: `n_${i}`, type: 'CalculationNode', config: { calculator: 'pass' } });
    positions[`n_${i}`] = { x: (i % 20) * 250, y: Math.floor(i / 20) * 130 };
  }
  await admin.client.dags.save.mutate({
    config: {
      name,
      subscribers: [{ name: 'tick', config: { source: 'metronome', interval_ms: 1000 } }],
      calculators: [{ name: 'pass', type: 'PassthruCalculator', config: {} }],
      nodes,
      edges: nodes.slice(1).map((n) => ({ from: 'src', to: n.name as string })),
      ui: { positions },
    } as Parameters<typeof admin.client.dags.save.mutate>[0]['config'],
  });
  await admin.client.dags.start.mutate({ name });
  return name;
}

test.describe('canvas editing', () => {
  test('nodes added twice and pasted twice never land on one another', async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const item = page.getByTestId('palette-calculator-PassthruCalculator');
    await item.dblclick();
    await item.dblclick();
    await expect(page.locator('.react-flow__node-dag')).toHaveCount(2);
    expectNoOverlap(await nodeBoxes(page));

    await page.getByTestId('node-passthru').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.keyboard.press('Control+v');
    await expect(page.locator('.react-flow__node-dag')).toHaveCount(4);
    expectNoOverlap(await nodeBoxes(page));

    // "Paste here" puts the copy under the pointer.
    await page
      .locator('.react-flow__pane')
      .click({ button: 'right', position: { x: 120, y: 420 } });
    await page.getByRole('menuitem', { name: 'Paste here' }).click();
    await expect(page.locator('.react-flow__node-dag')).toHaveCount(5);
    expectNoOverlap(await nodeBoxes(page));
    await page.screenshot({ path: test.info().outputPath('placed.png') });
  });

  test('Ctrl+F finds a node by name, type or config value and shows it', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'find', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByTestId('node-calc')).toBeVisible();

    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 200 } });
    await page.keyboard.press('Control+f');
    const box = page.getByRole('dialog', { name: 'Find a node' });
    const query = box.getByRole('textbox', { name: 'Find a node' });
    await expect(query).toBeFocused();

    // A value of a component's config: the subscriber's address.
    await query.fill(`${dag}_out`);
    const results = box.getByTestId('find-result');
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('sink');
    await expect(results.first()).toContainText(
      `publisher out_q destination = mem://queue/${dag}_out`,
    );

    // By type; Up/Down move through the results, Enter shows the node.
    await query.fill('node');
    await expect(results).toHaveCount(3);
    await query.press('ArrowDown');
    await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
    const second = (await results.nth(1).locator('p').first().innerText()).trim();
    await query.press('Enter');
    await expect(box).toBeHidden();
    await expect(page.getByTestId(`node-${second}`).locator('..')).toHaveClass(/selected/);
    await expect(
      page.getByTestId('property-panel').getByRole('textbox', { name: 'node name', exact: true }),
    ).toHaveValue(second);

    // By name, with a click; Esc closes.
    await page.keyboard.press('Control+f');
    await query.fill('CAL');
    await results.first().click();
    await expect(page.getByTestId('node-calc').locator('..')).toHaveClass(/selected/);
    await page.keyboard.press('Control+f');
    await expect(box).toBeVisible();
    await query.press('Escape');
    await expect(box).toBeHidden();

    // The live view (read-only) finds too, and inspects the node found.
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('node-calc')).toBeVisible();
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 200 } });
    await page.keyboard.press('Control+f');
    await query.fill('addition');
    await query.press('Enter');
    await expect(page.getByTestId('node-calc').locator('..')).toHaveClass(/selected/);
    await page.screenshot({ path: test.info().outputPath('found-live.png') });
  });

  test('find works on the painted canvas: far away, and the live view of a big DAG', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'farfind', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    await expect(page.getByTestId('node-sink')).toBeVisible();
    // Zoom out to the far level, where the canvas paints the DAG.
    for (let i = 0; i < 20 && !(await page.getByTestId('far-canvas').isVisible()); i++)
      await page.locator('.react-flow__controls-zoomout').click();
    await expect(page.getByTestId('far-canvas')).toBeVisible();
    await page.keyboard.press('Control+f');
    await page.getByRole('textbox', { name: 'Find a node' }).fill('sink');
    await page.getByRole('textbox', { name: 'Find a node' }).press('Enter');
    // Centred near by again, selected, its properties shown.
    await expect(page.getByTestId('node-sink').locator('..')).toHaveClass(/selected/);
    await expect(page.getByTestId('node-sink')).toBeInViewport();

    const big = await bigDag(admin, 220);
    await page.goto(`/dags/${big}/live`);
    await expect(page.getByTestId('far-canvas')).toBeVisible();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await page.getByRole('textbox', { name: 'Find a node' }).fill('n_217');
    await page.getByRole('textbox', { name: 'Find a node' }).press('Enter');
    await expect(
      page.getByTestId('inspector').getByRole('heading', { name: 'n_217', exact: true }),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('found-big-live.png') });
  });

  test('the right-click menu of a node, the pane and an edge', async ({ page, server, admin }) => {
    const dag = await runningSumDag(admin, 'menu', { placed: true });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    const menu = page.getByTestId('canvas-menu');

    // Node: duplicate lands beside, not on it.
    await page.getByTestId('node-calc').click({ button: 'right' });
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Open properties',
      'Rename…',
      'Duplicate',
      'Copy',
      'Disconnect',
      'Add comment',
      'Group selection',
      'Find…',
      'Delete',
    ]);
    await page.screenshot({ path: test.info().outputPath('node-menu.png') });
    await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect(page.getByTestId('node-calc_copy')).toBeVisible();
    expectNoOverlap(await nodeBoxes(page));

    // Rename, refusing a taken name.
    await page.getByTestId('node-calc_copy').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename calc_copy' });
    const field = rename.getByRole('textbox', { name: 'New name' });
    await field.fill('src');
    await expect(rename).toContainText('src is taken');
    await field.fill('doubled');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByTestId('node-doubled')).toBeVisible();

    // Disconnect, then Delete.
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    await page.getByTestId('node-calc').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Disconnect' }).click();
    await expect(page.locator('.react-flow__edge')).toHaveCount(0);
    await page.getByTestId('node-doubled').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(page.getByTestId('node-doubled')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);

    // Edge: delete it.
    await page.locator('.react-flow__edge').first().click({ button: 'right', force: true });
    await expect(menu.getByRole('menuitem')).toHaveText(['Set transformer…', 'Delete']);
    await menu.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);

    // Pane: add a node through a search of the palette, where the pointer was.
    await page
      .locator('.react-flow__pane')
      .click({ button: 'right', position: { x: 200, y: 450 } });
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Paste here',
      'Add node…',
      'Add comment',
      'Select all',
      'Find…',
      'Auto-layout',
      'Fit view',
    ]);
    await page.screenshot({ path: test.info().outputPath('pane-menu.png') });
    await menu.getByRole('menuitem', { name: 'Add node…' }).click();
    const add = page.getByRole('dialog', { name: 'Add a node' });
    await add.getByRole('textbox', { name: 'Search components' }).fill('passthru');
    await add.getByRole('textbox', { name: 'Search components' }).press('Enter');
    await expect(page.getByTestId('node-passthru')).toBeVisible();
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const added = (await page.getByTestId('node-passthru').boundingBox())!;
    expect(Math.abs(added.x + added.width / 2 - (pane.x + 200))).toBeLessThan(120);
    expect(Math.abs(added.y + added.height / 2 - (pane.y + 450))).toBeLessThan(120);
    expectNoOverlap(await nodeBoxes(page));
  });

  test('a viewer gets only the menu items that read', async ({ page, server, admin }) => {
    const dag = await runningSumDag(admin, 'viewmenu', { placed: true });
    const viewer = await createUser(server, { role: 'viewer' });
    await signIn(page, server, viewer.username, viewer.password);
    await page.goto(`/dags/${dag}`);
    await page.getByTestId('node-calc').click({ button: 'right' });
    const menu = page.getByTestId('canvas-menu');
    await expect(menu.getByRole('menuitem')).toHaveText(['Open properties', 'Copy', 'Find…']);
    await page.keyboard.press('Escape');
    await page.locator('.react-flow__pane').click({ button: 'right', position: { x: 30, y: 400 } });
    await expect(menu.getByRole('menuitem')).toHaveText(['Select all', 'Find…', 'Fit view']);
    await menu.getByRole('menuitem', { name: 'Find…' }).click();
    await expect(page.getByRole('dialog', { name: 'Find a node' })).toBeVisible();
  });

  for (const [width, height, scheme] of [
    [1024, 768, 'dark'],
    [1440, 900, 'dark'],
    [1024, 768, 'light'],
  ] as const)
    test(`the menu and the search fit a ${width} wide window, ${scheme}`, async ({
      page,
      server,
      admin,
    }) => {
      const dag = await runningSumDag(admin, 'look', { placed: true });
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, 'admin', server.adminPassword);
      await page.goto(`/dags/${dag}`);
      await page.getByTestId('node-sink').click({ button: 'right' });
      const menu = page.getByTestId('canvas-menu');
      await expect(menu).toBeVisible();
      const box = (await menu.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.y + box.height).toBeLessThanOrEqual(height);
      await page.screenshot({ path: test.info().outputPath(`menu-${width}-${scheme}.png`) });
      await menu.getByRole('menuitem', { name: 'Find…' }).click();
      await page.getByRole('textbox', { name: 'Find a node' }).fill('queue');
      await expect(page.getByTestId('find-result')).toHaveCount(2);
      await page.screenshot({ path: test.info().outputPath(`find-${width}-${scheme}.png`) });
    });
});
