import type { Page } from '@playwright/test';
import { expect, signIn, test, uniqueName, type ApiSession } from '../src/fixtures';

// Node boxes (apps/web/src/features/designer/model.ts): 190 wide, 88 high in the live view, 64 designing.
const NODE_WIDTH = 190;
const COMPACT_BELOW_ZOOM = 0.45;

interface Placed {
  name: string;
  x: number;
  y: number;
}

/**
 * Saves a DAG of a metronome source feeding three rows of four pass-through calculators (so data
 * flows everywhere), with positions, and starts it when `start`.
 */
async function gridDag(
  admin: ApiSession,
  start: boolean,
): Promise<{ name: string; nodes: Placed[] }> {
  const name = uniqueName('far');
  const placed: Placed[] = [{ name: 'src', x: 0, y: 120 }];
  const nodes: Record<string, unknown>[] = [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'tick' } },
  ];
  const edges: { from: string; to: string }[] = [];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) {
      const node = `calc_${r}_${c}`;
      nodes.push({ name: node, type: 'CalculationNode', config: { calculator: 'pass' } });
      edges.push({ from: c === 0 ? 'src' : `calc_${r}_${c - 1}`, to: node });
      placed.push({ name: node, x: 250 + c * 250, y: r * 130 });
    }
  await admin.client.dags.save.mutate({
    config: {
      name,
      subscribers: [{ name: 'tick', config: { source: 'metronome', interval_ms: 200 } }],
      calculators: [{ name: 'pass', type: 'PassthruCalculator', config: {} }],
      nodes,
      edges,
      ui: { positions: Object.fromEntries(placed.map((p) => [p.name, { x: p.x, y: p.y }])) },
    } as Parameters<typeof admin.client.dags.save.mutate>[0]['config'],
  });
  if (start) await admin.client.dags.start.mutate({ name });
  return { name, nodes: placed };
}

/** React Flow's viewport: screen = flow * zoom + (x, y), from the pane's top left. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const m = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([\d.e-]+)\)/.exec(style);
  if (!m) throw new Error(`no viewport transform in "${style}"`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** Wheels out at the pane's centre until the view is at the far level. */
async function zoomOutToFarLevel(page: Page): Promise<void> {
  const box = (await page.locator('.react-flow').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect
    .poll(async () => {
      const { zoom } = await viewport(page);
      if (zoom >= COMPACT_BELOW_ZOOM * 0.8) await page.mouse.wheel(0, 300);
      return zoom;
    })
    .toBeLessThan(COMPACT_BELOW_ZOOM * 0.8);
}

/** Opens a page of the DAG, waits for a DOM node (the small DAG fits at the DOM level), zooms out. */
async function openFar(page: Page, path: string, shownTestId: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId(shownTestId)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('near.png') });
  await zoomOutToFarLevel(page);
  await expect(page.getByTestId('far-canvas')).toBeVisible();
}

/** Where a node's centre shows on the page now, from its flow position and the viewport. */
async function screenPoint(page: Page, node: Placed, height: number) {
  const box = (await page.locator('.react-flow').boundingBox())!;
  const v = await viewport(page);
  return {
    x: box.x + v.x + (node.x + NODE_WIDTH / 2) * v.zoom,
    y: box.y + v.y + (node.y + height / 2) * v.zoom,
  };
}

/** Wheels in at a node of the live view until the zoom is 1 or more. */
async function zoomInOn(page: Page, node: Placed): Promise<void> {
  await page.mouse.move(...xy(await screenPoint(page, node, 88)));
  await expect
    .poll(
      async () => {
        const { zoom } = await viewport(page);
        if (zoom < 1) await page.mouse.wheel(0, -200);
        return zoom;
      },
      { intervals: [200], timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(1);
}

/** Drags with the mouse; with `midway`, saves a screenshot of that name halfway. */
async function dragBy(
  page: Page,
  from: { x: number; y: number },
  dx: number,
  dy: number,
  midway?: string,
) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 5 });
  if (midway) await page.screenshot({ path: test.info().outputPath(midway) });
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 5 });
  await page.mouse.up();
}

/** Zooms back in (the F key fits the small DAG at the DOM level) and gives a node's box. */
async function boxAfterRefit(page: Page, testId: string) {
  await page.keyboard.press('f');
  await expect(page.getByTestId('far-canvas')).toHaveCount(0);
  const node = page.getByTestId(testId);
  await expect(node).toBeVisible();
  await page.waitForTimeout(400); // the fit's 300 ms animation
  return (await node.boundingBox())!;
}

test.describe('far level: the DAG on one canvas below zoom 0.45', () => {
  test('live view: the canvas shows every node live; a click inspects a node, a drag moves it', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await gridDag(admin, true);
    await signIn(page, server, 'admin', server.adminPassword);
    await openFar(page, `/dags/${dag.name}/live`, 'live-calc_2_3');
    const canvas = page.getByTestId('far-canvas');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await expect(canvas).toHaveAttribute('data-nodes', String(dag.nodes.length));
    await expect(canvas).toHaveAttribute('data-live', String(dag.nodes.length));
    await page.screenshot({ path: test.info().outputPath('far.png') });

    // A drag on the empty pane pans (React Flow's), and the canvas follows; in the dark theme too.
    const pane = (await page.locator('.react-flow').boundingBox())!;
    const before = await viewport(page);
    await dragBy(page, { x: pane.x + 40, y: pane.y + 40 }, 120, 40);
    expect((await viewport(page)).x).toBeCloseTo(before.x + 120, 0);
    await page.getByRole('button', { name: 'Toggle colour scheme' }).click();
    await page.screenshot({ path: test.info().outputPath('far-panned-dark.png') });

    const target = dag.nodes.find((n) => n.name === 'calc_1_2')!;
    await page.mouse.click(...xy(await screenPoint(page, target, 88)));
    await expect(
      page.getByTestId('inspector').getByRole('heading', { name: 'calc_1_2', exact: true }),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('far-inspected.png') });

    // Down by 60 screen pixels at the far zoom: far more in flow pixels.
    const { zoom } = await viewport(page);
    const grip = await screenPoint(page, target, 88);
    await dragBy(page, grip, 0, 60, 'far-dragging.png');
    await page.screenshot({ path: test.info().outputPath('far-dragged.png') });
    const moved = await boxAfterRefit(page, 'node-calc_1_2');
    const beside = await boxAfterRefit(page, 'node-calc_1_1');
    const { zoom: near } = await viewport(page);
    // It was level with its row neighbour; now it is 60 / zoom flow pixels lower.
    expect((moved.y - beside.y) / near).toBeCloseTo(60 / zoom, -1);
    await page.screenshot({ path: test.info().outputPath('moved-near.png') });
  });

  test('designer: a click selects a node for the property panel, a drag moves it and undo puts it back', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await gridDag(admin, false);
    await signIn(page, server, 'admin', server.adminPassword);
    await openFar(page, `/dags/${dag.name}`, 'node-calc_0_0');
    await expect(page.getByTestId('far-canvas')).toHaveAttribute(
      'data-nodes',
      String(dag.nodes.length),
    );

    // Shift and drag on the pane: a box selects the nodes wholly inside it (the first two of the
    // top row), as React Flow's does.
    const pane = (await page.locator('.react-flow').boundingBox())!;
    const v = await viewport(page);
    const at = (x: number, y: number) =>
      [pane.x + v.x + x * v.zoom, pane.y + v.y + y * v.zoom] as const;
    await page.keyboard.down('Shift');
    await page.mouse.move(...at(235, -15));
    await page.mouse.down();
    await page.mouse.move(...at(500, 40), { steps: 4 });
    await page.mouse.move(...at(700, 80), { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(page.getByTestId('property-panel')).toContainText('2 nodes and 0 edges selected');
    await page.screenshot({ path: test.info().outputPath('designer-far-box-selected.png') });

    const target = dag.nodes.find((n) => n.name === 'calc_0_3')!;
    await page.mouse.click(...xy(await screenPoint(page, target, 64)));
    await expect(
      page.getByTestId('property-panel').getByRole('textbox', { name: 'node name' }),
    ).toHaveValue('calc_0_3');
    await page.screenshot({ path: test.info().outputPath('designer-far-selected.png') });

    await dragBy(page, await screenPoint(page, target, 64), 0, 50);
    await expect(page.getByText('unsaved changes')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('designer-far-dragged.png') });
    const movedBox = await boxAfterRefit(page, 'node-calc_0_3');
    const besideBox = await boxAfterRefit(page, 'node-calc_0_2');
    expect(movedBox.y - besideBox.y).toBeGreaterThan(10);

    await page.getByRole('button', { name: 'Undo' }).click();
    const back = await boxAfterRefit(page, 'node-calc_0_3');
    const besideBack = await boxAfterRefit(page, 'node-calc_0_2');
    expect(Math.abs(back.y - besideBack.y)).toBeLessThan(1);
  });
});

/**
 * Saves and starts a DAG past the size whose live view is painted at every zoom (Canvas.tsx
 * PAINT_LIVE_FROM_NODES): an in-memory queue and a metronome feeding rows of pass-through
 * calculators, 230 nodes in all.
 */
async function bigDag(admin: ApiSession): Promise<{ name: string; nodes: Placed[] }> {
  const name = uniqueName('big');
  const placed: Placed[] = [
    { name: 'queue', x: 0, y: 0 },
    { name: 'tick', x: 0, y: 130 },
  ];
  const nodes: Record<string, unknown>[] = [
    { name: 'queue', type: 'SubscriptionNode', config: { subscriber: 'q' } },
    { name: 'tick', type: 'SubscriptionNode', config: { subscriber: 't' } },
  ];
  const edges: { from: string; to: string }[] = [];
  for (let r = 0; r < 12; r++)
    for (let c = 0; c < 19; c++) {
      const node = `c_${r}_${c}`;
      nodes.push({ name: node, type: 'CalculationNode', config: { calculator: 'pass' } });
      edges.push({ from: c > 0 ? `c_${r}_${c - 1}` : r === 0 ? 'queue' : 'tick', to: node });
      placed.push({ name: node, x: 250 + c * 250, y: r * 130 });
    }
  await admin.client.dags.save.mutate({
    config: {
      name,
      subscribers: [
        { name: 'q', config: { source: `mem://queue/${name}` } },
        { name: 't', config: { source: 'metronome', interval_ms: 200 } },
      ],
      calculators: [{ name: 'pass', type: 'PassthruCalculator', config: {} }],
      nodes,
      edges,
      ui: { positions: Object.fromEntries(placed.map((p) => [p.name, { x: p.x, y: p.y }])) },
    } as Parameters<typeof admin.client.dags.save.mutate>[0]['config'],
  });
  await admin.client.dags.start.mutate({ name });
  return { name, nodes: placed };
}

/**
 * Signs in as admin, opens the live view of a big DAG (bigDag), waits for the canvas to paint all
 * of it, and zooms in on its first rows, to the full nodes.
 */
async function openBigNear(
  page: Page,
  server: { adminPassword: string } & Parameters<typeof signIn>[1],
  admin: ApiSession,
): Promise<{ name: string; nodes: Placed[] }> {
  const dag = await bigDag(admin);
  await signIn(page, server, 'admin', server.adminPassword);
  await page.goto(`/dags/${dag.name}/live`);
  await expect(page.getByTestId('far-canvas')).toHaveAttribute(
    'data-nodes',
    String(dag.nodes.length),
  );
  await zoomInOn(page, dag.nodes[0]!);
  return dag;
}

test.describe('the live view of a big DAG: painted on the canvas at every zoom', () => {
  test('near by the canvas shows full live nodes; a click inspects, the publish button publishes', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await openBigNear(page, server, admin);
    const canvas = page.getByTestId('far-canvas');
    const pane = (await page.locator('.react-flow').boundingBox())!;
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    const shown = Number(await canvas.getAttribute('data-nodes'));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(dag.nodes.length);
    await expect(canvas).toHaveAttribute('data-live', String(shown));
    await page.screenshot({ path: test.info().outputPath('big-near.png') });

    // A click on a node inspects it.
    const calc = dag.nodes.find((n) => n.name === 'c_1_0')!;
    await page.mouse.click(...xy(await screenPoint(page, calc, 88)));
    await expect(
      page.getByTestId('inspector').getByRole('heading', { name: 'c_1_0', exact: true }),
    ).toBeVisible();

    // The queue's publish button (the head row's right end) opens the dialog; the message flows.
    const queue = dag.nodes.find((n) => n.name === 'queue')!;
    const v = await viewport(page);
    await page.mouse.click(
      pane.x + v.x + (queue.x + NODE_WIDTH - 11 - 29) * v.zoom,
      pane.y + v.y + (queue.y + 14) * v.zoom,
    );
    const dialog = page.getByRole('dialog', { name: 'Publish to queue' });
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('big-publish.png') });
    await dialog.getByRole('textbox', { name: 'Message (a JSON object)' }).fill('{"hello": "big"}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    // The canvas takes presses again once the modal's overlay has faded out.
    await expect(page.locator('.mantine-Modal-overlay')).toHaveCount(0);
    const first = dag.nodes.find((n) => n.name === 'c_0_0')!;
    await page.mouse.click(...xy(await screenPoint(page, first, 88)));
    await expect(page.getByTestId('inspector-output')).toHaveAttribute(
      'data-json',
      '{"hello":"big"}',
    );
    await page.screenshot({ path: test.info().outputPath('big-inspected.png') });

    // A drag moves a node: a click where it now is inspects it (the canvas hit-tests the store).
    const moving = dag.nodes.find((n) => n.name === 'c_2_1')!;
    const { zoom } = await viewport(page);
    await dragBy(page, await screenPoint(page, moving, 88), 0, 70, 'big-dragging.png');
    const dropped = { ...moving, y: moving.y + 70 / zoom };
    await page.mouse.click(...xy(await screenPoint(page, dropped, 88)));
    await expect(
      page.getByTestId('inspector').getByRole('heading', { name: 'c_2_1', exact: true }),
    ).toBeVisible();

    // The keyboard: the canvas takes the focus on the selected node, the arrows move on, Enter
    // inspects; a screen reader hears where the keys are.
    await page.getByRole('application', { name: /The DAG's nodes/ }).focus();
    const said = page.locator('[aria-live="polite"].far-canvas__announce');
    await expect(said).toContainText('c_2_1, calculator Passthru:');
    await page.keyboard.press('ArrowRight');
    await expect(said).toContainText(/^c_2_2, calculator Passthru: .* messages a second/);
    await page.keyboard.press('Enter');
    await expect(
      page.getByTestId('inspector').getByRole('heading', { name: 'c_2_2', exact: true }),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('big-keyboard.png') });

    await page.getByRole('button', { name: 'Toggle colour scheme' }).click();
    await page.screenshot({ path: test.info().outputPath('big-dark.png') });
  });
});

test.describe('on a screen of two device pixels to the CSS pixel', () => {
  test.use({ deviceScaleFactor: 2 });

  test("the canvas paints at the screen's resolution, so names stay sharp", async ({
    page,
    server,
    admin,
  }) => {
    await openBigNear(page, server, admin);
    const canvas = page.getByTestId('far-canvas');
    const sizes = await canvas.evaluate((c: HTMLCanvasElement) => ({
      backing: c.width,
      css: c.getBoundingClientRect().width,
    }));
    expect(sizes.backing).toBeCloseTo(2 * sizes.css, -1);
    await page.screenshot({ path: test.info().outputPath('big-near-dpr2.png') });
  });
});

const xy = (p: { x: number; y: number }): [number, number] => [p.x, p.y];
