// Issue 18: the main screens at 1024 x 768 and 1440 x 900, light and dark, saved to
// .tmp/e2e-artifacts/screens/<screen>-<width>-<scheme>.png to be looked at. Each asserts what a
// user must see on every one: the header on one line, no sideways scrolling, the screen's content.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from '../src/fixtures';
import { headerOnOneLine, metronomeSample, scrollsSideways } from '../src/sample';

const SCREENS = fileURLToPath(new URL('../../.tmp/e2e-artifacts/screens/', import.meta.url));
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/**
 * For each size and colour scheme: opens the screen (`open`, which waits for what it must show),
 * checks the header and the page width, and saves a screenshot.
 */
async function shoot(page: Page, screen: string, open: () => Promise<void>) {
  mkdirSync(SCREENS, { recursive: true });
  for (const scheme of SCHEMES)
    for (const size of SIZES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(size);
      await open();
      const where = `${screen} at ${size.width}, ${scheme}`;
      expect(
        await page.evaluate(() =>
          document.documentElement.getAttribute('data-mantine-color-scheme'),
        ),
        where,
      ).toBe(scheme);
      expect(await headerOnOneLine(page), where).toEqual([]);
      expect(await scrollsSideways(page), where).toBe(false);
      await page.screenshot({ path: `${SCREENS}${screen}-${size.width}-${scheme}.png` });
    }
}

test.describe('screenshots', () => {
  test('dashboard', async ({ page, server, admin }) => {
    const name = await metronomeSample(admin, 'shotdash');
    await signIn(page, server, 'admin', server.adminPassword);
    await shoot(page, 'dashboard', async () => {
      await page.goto('/');
      await expect(page.getByTestId(`dag-row-${name}`)).toHaveAttribute('data-state', 'running');
      await expect(page.getByTestId('dag-table')).toBeVisible();
    });
  });

  test('designer with the metronome sample', async ({ page, server, admin }) => {
    const name = await metronomeSample(admin, 'shotdesign', { start: false });
    await signIn(page, server, 'admin', server.adminPassword);
    await shoot(page, 'designer', async () => {
      await page.goto(`/dags/${name}`);
      // A small DAG opens at zoom 1 from its sources (fit.ts): at 1024 the last column is a
      // scroll away.
      for (const node of ['beat', 'square', 'third'])
        await expect(page.getByTestId(`node-${node}`)).toBeVisible();
      await expect(page.getByTestId('palette')).toBeVisible();
      await expect(page.getByTestId('property-panel')).toBeVisible();
      await expect(page.getByTestId('problem-count')).toHaveText('0');
    });
  });

  test('live view of the metronome sample, data flowing', async ({ page, server, admin }) => {
    const name = await metronomeSample(admin, 'shotlive');
    await signIn(page, server, 'admin', server.adminPassword);
    await shoot(page, 'live', async () => {
      await page.goto(`/dags/${name}/live`);
      await expect(page.getByTestId('node-beat')).toBeVisible();
      // Ticks arrive every second: the last node counts some.
      await expect(page.getByTestId('live-ticks_out')).toContainText(/#[1-9]/, {
        timeout: 15_000,
      });
      await page.getByTestId('node-square').click();
      await expect(page.getByTestId('node-square')).toHaveClass(/dag-node--selected/);
    });
  });

  test('version history', async ({ page, server, admin }) => {
    const name = await metronomeSample(admin, 'shothist', { start: false });
    const config = (await admin.client.dags.get.query({ name })).config;
    await admin.client.dags.save.mutate({
      config: { ...config, description: 'A second version, to compare.' },
    });
    await signIn(page, server, 'admin', server.adminPassword);
    await shoot(page, 'history', async () => {
      await page.goto(`/dags/${name}`);
      await expect(page.getByTestId('node-beat')).toBeVisible();
      await page.getByRole('button', { name: 'Version history' }).click();
      await expect(page.getByTestId('version-1')).toBeVisible();
      await expect(page.getByTestId('version-2')).toBeVisible();
    });
  });

  test('users', async ({ page, server }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await shoot(page, 'users', async () => {
      await page.goto('/admin/users');
      await expect(page.getByTestId('user-row-admin')).toBeVisible();
    });
  });
});
