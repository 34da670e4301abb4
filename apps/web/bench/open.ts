/** Opening the live view, timed until every node shows live data. */
import type { Page } from '@playwright/test';
import { cpuFigures, cpuTicks, type CpuFigures } from './cpu';

export interface OpenEntry {
  t: number;
  nodes: number;
  visible: number;
  live: number;
  painted: number;
}

export interface OpenFigures {
  /** Navigation start to the first frame painting at least one node. */
  firstNodesMs: number;
  /**
   * Navigation start to the view settling: every rendered node visible and showing live data, the
   * viewport fitted (nothing of that changes for 1.5 s).
   */
  liveShownMs: number;
  nodesRendered: number;
  domContentLoadedMs: number;
  cpu?: CpuFigures;
}

/** Opens the live view of `dag`; the CPU figures count `serverPid` as the server's. */
export async function openLiveView(
  page: Page,
  base: string,
  dag: string,
  serverPid: number | undefined,
): Promise<OpenFigures> {
  const ticks = cpuTicks(serverPid);
  await page.goto(`${base}/dags/${dag}/live`, { waitUntil: 'commit' });
  // Settled: every node visible and live, and nothing changed for 1.5 s.
  await page.waitForFunction(
    `(() => {
      const b = window.__bench; const e = b && b.open[b.open.length - 1];
      return e && e.nodes > 0 && e.visible === e.nodes && e.live === e.nodes && e.painted > 0 &&
        performance.now() - e.t > 1500;
    })()`,
    undefined,
    { timeout: 120_000, polling: 250 },
  );
  const open = (await page.evaluate(
    '(window.__bench.openDone = true, window.__bench.open)',
  )) as OpenEntry[];
  const nav = (await page.evaluate(
    'performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd',
  )) as number;
  const cpu = cpuFigures(ticks, cpuTicks(serverPid));
  const first = open.find((e) => e.visible > 0);
  const final = open.at(-1)!;
  return {
    ...(cpu ? { cpu } : {}),
    firstNodesMs: Math.round(first?.painted ?? NaN),
    liveShownMs: Math.round(final.painted),
    nodesRendered: final.nodes,
    domContentLoadedMs: Math.round(nav),
  };
}

export async function login(page: Page, base: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByRole('textbox', { name: 'User name' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}
