// Screenshots a user's eye can check: the page as it is (1440x900, light) and at 1024x768 dark,
// into the test's output folder; the viewport and colour scheme are put back afterwards.
import { test, type Page } from '@playwright/test';

export async function screens(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.screenshot({ path: test.info().outputPath(`${name}-1440-light.png`) });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(150);
  await page.screenshot({ path: test.info().outputPath(`${name}-1024-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  if (size) await page.setViewportSize(size);
}
