// Issue 18, the node's look and the live view: a small DAG stays readable at 1024 wide and after a
// resize (bug 3), warnings show on the node (bug 4), the node and the inspector show one rate
// (bug 5), types read as words with the type in a tooltip and node text is at least 12 px (bug 12),
// icons per type, and the inspector's rate sparkline.
import type { Page } from '@playwright/test';
import { expect, runningSumDag, signIn, test, uniqueName, type ApiSession } from '../src/fixtures';

/** Seven nodes in a row, without positions (laid out at load): a subscriber, five calculators, a publisher. */
async function sevenNodeDag(admin: ApiSession): Promise<string> {
  const name = uniqueName('seven');
  const calc = (n: string, type: string, config: Record<string, unknown>) => ({
    name: n,
    type,
    config,
  });
  const steps = [
    ['add_amounts', 'AdditionCalculator', { arguments: ['a', 'b'], output_attribute: 'sum' }],
    ['scale_total', 'MultiplicationCalculator', { arguments: ['sum', 'b'], output_attribute: 'p' }],
    ['rename_fields', 'AttributeNameChangeCalculator', { name_mapping: { p: 'product' } }],
    ['pass_through', 'PassthruCalculator', {}],
    ['last_step', 'PassthruCalculator', {}],
  ] as const;
  await admin.client.dags.save.mutate({
    config: {
      name,
      subscribers: [{ name: 'in_q', config: { source: `mem://queue/${name}_in` } }],
      publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
      calculators: steps.map(([n, type, config]) => calc(`${n}_c`, type, config)),
      nodes: [
        { name: 'orders_in', type: 'SubscriptionNode', config: { subscriber: 'in_q' } },
        ...steps.map(([n]) => ({
          name: n,
          type: 'CalculationNode' as const,
          config: { calculator: `${n}_c` },
        })),
        { name: 'orders_out', type: 'PublicationNode', config: { publishers: ['out_q'] } },
      ],
      edges: [
        { from: 'orders_in', to: 'add_amounts' },
        ...steps.slice(1).map(([n], i) => ({ from: steps[i]![0], to: n })),
        { from: 'last_step', to: 'orders_out' },
      ],
    },
  });
  await admin.client.dags.start.mutate({ name });
  return name;
}

/** A metronome at 1 message a second into a pass-through, published to memory. */
async function metronomeDag(admin: ApiSession): Promise<string> {
  const name = uniqueName('beat');
  await admin.client.dags.save.mutate({
    config: {
      name,
      publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
      calculators: [{ name: 'pass_c', type: 'PassthruCalculator', config: {} }],
      nodes: [
        { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 1000 } },
        { name: 'pass', type: 'CalculationNode', config: { calculator: 'pass_c' } },
        { name: 'out', type: 'PublicationNode', config: { publishers: ['out_q'] } },
      ],
      edges: [
        { from: 'beat', to: 'pass' },
        { from: 'pass', to: 'out' },
      ],
    },
  });
  await admin.client.dags.start.mutate({ name });
  return name;
}

/** The canvas's zoom, from React Flow's viewport transform. */
const zoomOf = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);

/** The rendered font size (CSS size times the zoom) of the node's text parts, in pixels. */
async function renderedTextSizes(page: Page, node: string): Promise<Record<string, number>> {
  const zoom = await zoomOf(page);
  return page.getByTestId(`node-${node}`).evaluate((box, z) => {
    const size = (selector: string) => {
      const el = box.querySelector(selector);
      return el ? parseFloat(getComputedStyle(el).fontSize) * z : 0;
    };
    return {
      name: size('.dag-node__name'),
      sub: size('.dag-node__sub'),
      live: size('.dag-node__live'),
    };
  }, zoom);
}

/** Whether the node's name shows whole (not cut with an ellipsis). */
const nameWhole = (page: Page, node: string) =>
  page
    .getByTestId(`node-${node}`)
    .locator('.dag-node__name')
    .evaluate((el) => el.scrollWidth <= el.clientWidth && el.textContent !== '');

async function expectFullNodes(page: Page) {
  await expect(page.getByTestId('far-canvas')).toHaveCount(0);
  for (const node of ['orders_in', 'add_amounts']) {
    await expect(page.getByTestId(`node-${node}`)).toBeVisible();
    await expect(page.getByTestId(`node-${node}`).locator('.dag-node__name')).toHaveText(node);
    expect(await nameWhole(page, node)).toBe(true);
    await expect(page.getByTestId(`rate-${node}`)).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Publish to orders_in' })).toBeVisible();
  const sizes = await renderedTextSizes(page, 'add_amounts');
  for (const [part, px] of Object.entries(sizes)) expect(px, part).toBeGreaterThanOrEqual(12);
}

test.describe('the live view and the node look (issue 18)', () => {
  test.afterEach(async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test('a 7-node DAG at 1024 wide shows full, readable nodes, and still after a resize to 1440 and back (bug 3)', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await sevenNodeDag(admin);
    await page.setViewportSize({ width: 1024, height: 768 });
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('node-orders_in')).toBeVisible();
    await expectFullNodes(page);
    await page.screenshot({ path: test.info().outputPath('live-1024.png') });

    await page.setViewportSize({ width: 1440, height: 900 });
    await expectFullNodes(page);
    await page.screenshot({ path: test.info().outputPath('live-1440.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expectFullNodes(page);

    // Zoom to fit on demand shows it all, still as full nodes (names whole, publish shown).
    await page.getByRole('button', { name: 'Fit view' }).click();
    await expect.poll(() => zoomOf(page)).toBeLessThan(1);
    await expect(page.getByTestId('far-canvas')).toHaveCount(0);
    await expect(page.getByTestId('node-rename_fields')).toBeVisible();
    expect(await nameWhole(page, 'rename_fields')).toBe(true);
    await expect(page.getByRole('button', { name: 'Publish to orders_in' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('live-1024-fitted.png') });
  });

  test('warnings show on the node, apart from errors (bug 4)', async ({ page, server, admin }) => {
    const dag = await runningSumDag(admin, 'warn');
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('live-calc')).toBeVisible();
    await expect(page.getByTestId('warnings-calc')).toHaveCount(0);

    await admin.client.publish.send.mutate({ dag, node: 'src', message: { a: 'x', b: 2 } });
    const warnings = page.getByTestId('warnings-calc');
    await expect(warnings).toHaveText('⚠ 1');
    await expect(warnings).toHaveAttribute('title', /warning/);
    await expect(page.getByTestId('errors-calc')).toHaveCount(0);
    // Not the errors' red.
    const colour = await warnings.evaluate((el) => getComputedStyle(el).color);
    const red = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--mantine-color-red-6)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(colour).not.toBe(red);

    // The inspector lists it.
    await page.getByTestId('node-calc').click();
    await expect(page.getByTestId('inspector-error').first()).toContainText('not a number');
    await page.getByTestId('node-calc').screenshot({ path: test.info().outputPath('warning.png') });
  });

  test('a metronome at 1 message a second: the node and the inspector show one rate, and the sparkline follows it (bug 5, sparkline)', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await metronomeDag(admin);
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('node-pass').click();
    await expect(page.getByTestId('inspector')).toBeVisible();

    // Both read within one task, ten times over five seconds: the same text every time.
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const [onNode, inInspector] = await page.evaluate(() => [
        document.querySelector('[data-testid="rate-pass"]')?.textContent ?? '',
        document.querySelector('[data-testid="inspector-rate"] p:last-child')?.textContent ?? '',
      ]);
      expect(onNode).toBe(inInspector);
      seen.push(onNode);
      await page.waitForTimeout(500);
    }
    await expect(page.getByTestId('rate-pass')).toHaveText(/^(0\.8|0\.9|1\.0|1\.1|1\.2)\/s$/);
    expect(seen.at(-1)).not.toBe('0/s');

    const spark = page.getByTestId('rate-sparkline');
    await expect(spark).toBeVisible();
    await expect
      .poll(async () => Number(await spark.getAttribute('data-points')))
      .toBeGreaterThan(5);
    await expect(spark.locator('polyline')).toHaveCount(1);
    const current = Number(await spark.getAttribute('data-current'));
    expect(current).toBeGreaterThanOrEqual(0.8);
    expect(current).toBeLessThanOrEqual(1.2);
    await expect(page.getByTestId('rate-sparkline-max')).toHaveText(
      /^max (1\.0|1\.2|1\.1|2\.0)\/s$/,
    );
    // It follows the rate: stopped, the rate falls to 0 and the line with it.
    await admin.client.dags.stop.mutate({ name: dag });
    await expect(spark).toHaveAttribute('data-current', '0', { timeout: 15_000 });
    await expect(page.getByTestId('rate-pass')).toHaveText('0/s');
    await spark.screenshot({ path: test.info().outputPath('sparkline.png') });
  });

  test('types read as words, the type in a tooltip, with an icon, on nodes, the inspector and the palette (bug 12, icons)', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await runningSumDag(admin, 'labels');
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto(`/dags/${dag}`);
    const kind = page.getByTestId('kind-calc');
    await expect(kind).toHaveText('Addition');
    await expect(kind).toHaveAttribute('title', /AdditionCalculator/);
    await expect(kind.locator('svg')).toHaveCount(1);
    await expect(page.getByTestId('kind-src')).toHaveText('Subscriber');
    await expect(page.getByTestId('node-calc')).not.toContainText('AdditionCalculator');
    await expect(
      // The kind icon (the help button beside it has its own).
      page.getByTestId('palette-calculator-AdditionCalculator').locator('svg[aria-hidden="true"]'),
    ).toHaveCount(1);
    // The designer's fit of a small DAG: node text at 12 px or more.
    const sizes = await renderedTextSizes(page, 'calc');
    expect(sizes.name).toBeGreaterThanOrEqual(12);
    expect(sizes.sub).toBeGreaterThanOrEqual(12);

    await page.goto(`/dags/${dag}/live`);
    await page.getByTestId('node-src').click();
    const badge = page.getByTestId('inspector-type');
    await expect(badge).toHaveText('Subscriber');
    await expect(badge).toHaveAttribute('data-type', 'SubscriptionNode');
    await expect(page.getByTestId('inspector')).not.toContainText(/SUBSCRIPTIONNODE/i);
    await badge.hover();
    await expect(page.getByRole('tooltip')).toHaveText('SubscriptionNode');
    await page.getByTestId('node-calc').click();
    await expect(badge).toHaveText('Addition');
    await expect(badge).toHaveAttribute('data-type', 'AdditionCalculator');
  });

  test('screenshots: live view and designer at 1440 and 1024, light and dark', async ({
    page,
    server,
    admin,
  }) => {
    const dag = await sevenNodeDag(admin);
    await admin.client.publish.send.mutate({ dag, node: 'orders_in', message: { a: 'x', b: 2 } });
    await signIn(page, server, 'admin', server.adminPassword);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [1440, 900],
        [1024, 768],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`/dags/${dag}/live`);
        await expect(page.getByTestId('node-orders_in')).toBeVisible();
        await page.getByTestId('node-add_amounts').click();
        await expect(page.getByTestId('rate-sparkline')).toBeVisible();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: test.info().outputPath(`live-${width}-${scheme}.png`) });
        await page.goto(`/dags/${dag}`);
        await expect(page.getByTestId('node-orders_in')).toBeVisible();
        await page.screenshot({ path: test.info().outputPath(`designer-${width}-${scheme}.png`) });
      }
    }
  });
});
