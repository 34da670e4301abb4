/** Frame phases: frame times and main-thread work while idle, panning and dragging. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { cpuFigures, cpuTicks, type CpuFigures } from './cpu';
import { log, PHASE_MS, sleep, TRACE } from './options';
import { emptyPoint, nodeGrip, zoom } from './pane';

export interface FrameFigures {
  p50: number;
  p95: number;
  max: number;
  frames: number;
  fps: number;
  /** Chrome's main-thread time per second of the phase (CDP Performance.getMetrics). */
  scriptMsPerS: number;
  layoutMsPerS: number;
  styleMsPerS: number;
  taskMsPerS: number;
  longTasks: number;
  domMutationsPerS: number;
  /** Nodes in the DOM at the end of the phase (onlyRenderVisibleElements). */
  nodesInDom: number;
  /** Nodes the far-level canvas painted last in the phase. */
  nodesOnCanvas: number;
  /** Live deltas received per second, and nodes per delta. */
  deltasPerS: number;
  nodesPerDelta: number;
  /** Mouse moves sent per second (pan and drag). */
  movesPerS?: number;
  cpu?: CpuFigures;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Live deltas seen on the websocket (CDP Network events). */
export class SocketCounter {
  frames = 0;
  nodes = 0;
  constructor(cdp: CDPSession) {
    cdp.on('Network.webSocketFrameReceived', (event) => {
      const data = event.response.payloadData;
      if (!data.includes('"computeCount"')) return;
      this.frames++;
      this.nodes += data.split('"computeCount"').length - 1;
    });
  }
  reset() {
    this.frames = 0;
    this.nodes = 0;
  }
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export async function samplePhase(
  page: Page,
  cdp: CDPSession,
  socket: SocketCounter,
  serverPid: number | undefined,
  action: (until: number) => Promise<number>,
): Promise<FrameFigures> {
  const before = await metrics(cdp);
  const ticks = cpuTicks(serverPid);
  socket.reset();
  await page.evaluate('window.__bench.startFrames()');
  const started = Date.now();
  const moves = await action(started + PHASE_MS);
  const elapsed = (Date.now() - started) / 1000;
  const result = (await page.evaluate('window.__bench.stopFrames()')) as {
    frames: number[];
    ms: number;
    mutations: number;
    longTasks: number;
  };
  const cpu = cpuFigures(ticks, cpuTicks(serverPid));
  const after = await metrics(cdp);
  const nodesInDom = (await page.evaluate(
    'document.querySelectorAll(".react-flow__node").length',
  )) as number;
  const nodesOnCanvas = (await page.evaluate(
    'Number(document.querySelector(\'[data-testid="far-canvas"]\')?.dataset.nodes ?? 0)',
  )) as number;
  const per = (name: string) => round1(((after[name]! - before[name]!) * 1000) / elapsed);
  const sorted = [...result.frames].sort((a, b) => a - b);
  return {
    p50: round1(percentile(sorted, 50)),
    p95: round1(percentile(sorted, 95)),
    max: round1(sorted.at(-1) ?? NaN),
    frames: sorted.length,
    fps: round1(sorted.length / (result.ms / 1000)),
    scriptMsPerS: per('ScriptDuration'),
    layoutMsPerS: per('LayoutDuration'),
    styleMsPerS: per('RecalcStyleDuration'),
    taskMsPerS: per('TaskDuration'),
    longTasks: result.longTasks,
    domMutationsPerS: Math.round(result.mutations / (result.ms / 1000)),
    nodesInDom,
    nodesOnCanvas,
    deltasPerS: round1(socket.frames / elapsed),
    nodesPerDelta: socket.frames ? Math.round(socket.nodes / socket.frames) : 0,
    ...(moves ? { movesPerS: Math.round(moves / elapsed) } : {}),
    ...(cpu ? { cpu } : {}),
  };
}

/**
 * Holds the left button down at `from` and moves along a circle of `radius` px (one turn every
 * 2 s) until `until`. Moves go through CDP at up to 120 a second with at most two unanswered, so
 * the input keeps pace with the page instead of queueing behind it.
 */
async function circleDrag(
  cdp: CDPSession,
  from: { x: number; y: number },
  radius: number,
  until: number,
): Promise<number> {
  const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number) =>
    cdp.send('Input.dispatchMouseEvent', {
      type,
      x,
      y,
      button: 'left',
      buttons: type === 'mouseReleased' ? 0 : 1,
      clickCount: type === 'mouseMoved' ? 0 : 1,
    });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: from.x, y: from.y });
  await mouse('mousePressed', from.x, from.y);
  let moves = 0;
  let inFlight = 0;
  const pending = new Set<Promise<unknown>>();
  const start = Date.now();
  try {
    while (Date.now() < until) {
      if (inFlight < 2) {
        // The circle goes through `from`: its centre is `radius` px to the left.
        const angle = ((Date.now() - start) / 2000) * 2 * Math.PI;
        inFlight++;
        const sent = mouse(
          'mouseMoved',
          from.x - radius + radius * Math.cos(angle),
          from.y + radius * Math.sin(angle),
        ).finally(() => {
          inFlight--;
          moves++;
          pending.delete(sent);
        });
        pending.add(sent);
      }
      await sleep(8);
    }
  } finally {
    await Promise.allSettled(pending);
    await mouse('mouseMoved', from.x, from.y);
    await mouse('mouseReleased', from.x, from.y);
  }
  return moves;
}

export interface ZoomFigures {
  zoom: number;
  idle: FrameFigures;
  pan: FrameFigures;
  drag: FrameFigures;
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-v8.cpu_profiler',
  'blink',
  'cc',
  'viz',
];

/** Runs `phase`, with --trace under a Chrome trace written to DIR/NAME.json. */
async function traced<T>(page: Page, name: string, phase: () => Promise<T>): Promise<T> {
  const browser = page.context().browser();
  if (!TRACE || !browser) return phase();
  mkdirSync(TRACE, { recursive: true });
  const path = join(TRACE, `${name}.json`);
  await browser.startTracing(page, { path, categories: TRACE_CATEGORIES });
  try {
    return await phase();
  } finally {
    await browser.stopTracing();
    log(`trace: ${path}`);
  }
}

export async function framePhases(
  page: Page,
  cdp: CDPSession,
  socket: SocketCounter,
  serverPid: number | undefined,
): Promise<ZoomFigures> {
  const z = await zoom(page);
  await sleep(500);
  const idle = await samplePhase(page, cdp, socket, serverPid, async (until) => {
    await sleep(until - Date.now());
    return 0;
  });
  const panFrom = await emptyPoint(page);
  const pan = await traced(page, `zoom${z.toFixed(2)}-pan`, () =>
    samplePhase(page, cdp, socket, serverPid, (until) => circleDrag(cdp, panFrom, 150, until)),
  );
  await sleep(300);
  const grip = await nodeGrip(page);
  const drag = await traced(page, `zoom${z.toFixed(2)}-drag`, () =>
    samplePhase(page, cdp, socket, serverPid, (until) => circleDrag(cdp, grip, 150, until)),
  );
  return { zoom: Math.round(z * 1000) / 1000, idle, pan, drag };
}
