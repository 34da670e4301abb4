/**
 * `pnpm bench:web`: the web app's live view under load. Builds the web app and sums the gzipped
 * JavaScript a first visit downloads, starts a real server with a generated 1,000-node DAG whose
 * every node computes 10 times a second (so every node is in every live delta), opens its live
 * view in headless Chromium and measures time to first render, then frame times (sampled with
 * requestAnimationFrame) while idle, panning and dragging a node, at fitView and at zoom 1. It
 * also opens the same DAG without positions (auto-layout), and pans and drags at zoom 1 in the
 * designer, where the nodes near by are DOM nodes at every DAG size (a target since issue 18). One
 * JSON line per run, then the medians and a summary.
 *
 * Below zoom 0.45 (zoom to fit here), and in the live view of a DAG this big at every zoom, the
 * web app paints the DAG on one canvas and React Flow mounts no node: there the benchmark counts the nodes the canvas painted and those it painted
 * with live data (its `data-nodes` and `data-live`), and finds nodes and empty space from the
 * DAG's positions and the viewport transform.
 *
 * Targets (issue): live data shown under 1.5 s, p95 frame time under 20 ms, initial JavaScript
 * under 400 KB gzipped.
 *
 * Options: --nodes N (1,000: the generated DAG's size, e.g. 10,000 for information), --runs N (3), --seconds S per frame phase (5), --no-build (use apps/web/dist as is),
 * --dist DIR (use that build instead, e.g. an older one for A/B), --css TEXT (inject CSS into the
 * page once the live view shows, for experiments), --init JS (run JS in every page before the app,
 * e.g. to set localStorage, for experiments), --no-layout (skip the auto-layout measurement),
 * --trace DIR (write a Chrome trace of every pan and drag phase there, to open in DevTools'
 * Performance panel or Perfetto; tracing slows the page: its frame figures are not comparable),
 * --timeout S for the whole benchmark (900).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { apiLogin } from '@flow/e2e/api';
import { CHROMIUM } from '@flow/e2e/chromium';
import { FlowServer, WEB_DIST } from '@flow/e2e/server';
import { build, bundleFigures, type BundleFigures } from './bundle';
import { framePhases, round1, SocketCounter } from './frames';
import { generateDag } from './generate-dag';
import { login, openLiveView, type OpenFigures } from './open';
import {
  BUILD,
  CSS,
  DIST,
  GRID_DAG,
  INIT,
  LAYOUT,
  log,
  NODES,
  RUNS,
  sleep,
  TIMEOUT_MS,
  UNPLACED_DAG,
  VIEWPORT,
} from './options';
import { PAGE_SCRIPT } from './page-script';
import { zoomTo } from './pane';
import { medians, summary, type RunFigures } from './summary';

// ---- one run ----

async function oneRun(
  run: number,
  browser: Browser,
  server: FlowServer,
  bundle: BundleFigures,
  switchDag: (running: string, stopped: string) => Promise<void>,
): Promise<RunFigures> {
  // The app's CSP (script-src 'self') forbids the string predicates the benchmark evaluates in
  // the page (waitForFunction): the benchmark's own scripts are let through, the app's are not
  // changed.
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  try {
    await context.addInitScript(PAGE_SCRIPT);
    if (INIT) await context.addInitScript(INIT);
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await login(page, server.baseURL, server.adminPassword);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await cdp.send('Network.enable');
    const socket = new SocketCounter(cdp);

    log(`run ${run}: opening ${GRID_DAG}`);
    const open = await openLiveView(page, server.baseURL, GRID_DAG, server.pid);
    if (CSS) await page.addStyleTag({ content: CSS });
    log(`run ${run}: frames at fitView`);
    const fitView = await framePhases(page, cdp, socket, server.pid);
    log(`run ${run}: frames at zoom 1`);
    await page.keyboard.press('f'); // zoom to fit again after the drags
    await sleep(600);
    await zoomTo(page, 1);
    const zoom1 = await framePhases(page, cdp, socket, server.pid);
    log(`run ${run}: the designer at zoom 1`);
    await page.goto(`${server.baseURL}/dags/${GRID_DAG}`);
    await page.getByTestId('far-canvas').waitFor({ timeout: 60_000 });
    await sleep(1500);
    await zoomTo(page, 1);
    await page.locator('.react-flow__node').first().waitFor();
    const designer1 = await framePhases(page, cdp, socket, server.pid);

    let autoLayout: OpenFigures | undefined;
    if (LAYOUT) {
      log(`run ${run}: opening ${UNPLACED_DAG} (no positions: auto-layout)`);
      await switchDag(UNPLACED_DAG, GRID_DAG);
      try {
        await page.goto('about:blank');
        autoLayout = await openLiveView(page, server.baseURL, UNPLACED_DAG, server.pid);
      } finally {
        await switchDag(GRID_DAG, UNPLACED_DAG);
      }
    }
    return {
      run,
      nodes: NODES,
      bundle,
      open,
      fitView,
      zoom1,
      designer1,
      ...(autoLayout ? { autoLayout } : {}),
      loadAvg1m: round1(loadavg()[0]!),
    };
  } finally {
    await context.close();
  }
}

// ---- main ----

async function main(): Promise<void> {
  if (BUILD) build();
  // Serve a copy: another build of apps/web/dist during the benchmark would pull it away.
  const work = mkdtempSync(join(tmpdir(), 'flow-bench-web-'));
  let server: FlowServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  const deadline = setTimeout(() => {
    log(`timed out after ${TIMEOUT_MS / 1000} s`);
    void cleanup().finally(() => process.exit(2));
  }, TIMEOUT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    const dist = join(work, 'dist');
    cpSync(DIST ?? WEB_DIST, dist, { recursive: true });
    const bundle = bundleFigures(dist);
    log(`initial JS ${bundle.initialJsGzKB} KB gz`);

    const dags = join(work, 'dags');
    mkdirSync(dags);
    writeFileSync(
      join(dags, `${GRID_DAG}.json`),
      JSON.stringify(generateDag(GRID_DAG, true, NODES)),
    );
    writeFileSync(
      join(dags, `${UNPLACED_DAG}.json`),
      JSON.stringify(generateDag(UNPLACED_DAG, false, NODES)),
    );
    log('starting the server');
    server = await FlowServer.start({
      env: { DAG_CONFIG_FOLDER: dags, WEB_DIST: dist, LOG_LEVEL: 'warn' },
    });
    // Folder DAGs start running: keep only the grid DAG running.
    const { client } = await apiLogin(server.baseURL, 'admin', server.adminPassword);
    await client.dags.stop.mutate({ name: UNPLACED_DAG });
    const switchDag = async (running: string, stopped: string) => {
      await client.dags.stop.mutate({ name: stopped });
      await client.dags.start.mutate({ name: running });
      await sleep(1000);
    };
    await sleep(2000); // let the DAG warm up

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    });
    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await oneRun(run, browser, server, bundle, switchDag);
      runs.push(figures);
      console.log(JSON.stringify(figures));
    }
    const m = medians(runs) as RunFigures;
    console.log(JSON.stringify({ median: m }));
    console.log(summary(m, runs));
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

await main();
