// The repository's sample DAGs (samples/dags), saved under a unique name for a spec.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { ApiSession } from './api';
import { uniqueName } from './helpers';

const SAMPLES = fileURLToPath(new URL('../../samples/dags/', import.meta.url));

/** Saves (and starts, unless `start` is false) the metronome sample as `prefix` + a unique suffix. */
export async function metronomeSample(
  admin: ApiSession,
  prefix: string,
  { start = true }: { start?: boolean } = {},
): Promise<string> {
  const config = JSON.parse(readFileSync(`${SAMPLES}metronome_ticks.json`, 'utf8')) as Record<
    string,
    unknown
  >;
  const name = uniqueName(prefix);
  await admin.client.dags.save.mutate({ config: { ...config, name } });
  if (start) await admin.client.dags.start.mutate({ name });
  return name;
}

/** The page's box of an element found by test id or CSS (throws if it is not shown). */
export async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box;
}

/** Whether the page scrolls sideways (a horizontal scrollbar). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

/**
 * Whether the app's header shows on one line: its height is the shell's 48 px (plus its border)
 * and nothing in it is cut off or pushed past its right edge.
 */
export async function headerOnOneLine(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const header = document.querySelector('header');
    if (!header) return ['no header'];
    const wrong: string[] = [];
    const box = header.getBoundingClientRect();
    if (box.height > 50) wrong.push(`header is ${box.height} px high`);
    for (const el of header.querySelectorAll<HTMLElement>('a, button, [data-testid]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const what = el.getAttribute('data-testid') ?? el.textContent?.trim() ?? el.tagName;
      if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5)
        wrong.push(`${what} sticks out of the header`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
        wrong.push(`${what} is cut (${el.scrollWidth} > ${el.clientWidth})`);
      if (r.height > 36) wrong.push(`${what} wraps (${r.height} px high)`);
    }
    return wrong;
  });
}
