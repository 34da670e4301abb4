/** The medians of the runs and the summary against the targets. */
import { cpus, loadavg } from 'node:os';
import type { BundleFigures } from './bundle';
import type { CpuFigures } from './cpu';
import type { ZoomFigures } from './frames';
import type { OpenFigures } from './open';
import { TARGET_FIRST_RENDER_MS, TARGET_INITIAL_JS_GZ, TARGET_P95_MS } from './options';

export interface RunFigures {
  run: number;
  /** The generated DAG's size (--nodes). */
  nodes: number;
  bundle: BundleFigures;
  open: OpenFigures;
  fitView: ZoomFigures;
  zoom1: ZoomFigures;
  /** The designer (not the live view) at zoom 1: for information. */
  designer1: ZoomFigures;
  autoLayout?: OpenFigures;
  loadAvg1m: number;
}

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of every numeric leaf across the runs (the shape of the first run). */
export function medians(runs: readonly unknown[]): unknown {
  const first = runs[0];
  if (typeof first === 'number') return Math.round(median(runs as number[]) * 1000) / 1000;
  if (typeof first !== 'object' || first === null) return first;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first))
    out[key] = medians(runs.map((r) => (r as Record<string, unknown>)[key]));
  return out;
}

const cpuText = (c: CpuFigures | undefined) =>
  c
    ? `; CPU (% of machine) browser ${c.browserPct}, server ${c.serverPct}, others ${c.otherPct}`
    : '';

export function summary(m: RunFigures, runs: readonly RunFigures[]): string {
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const spread = (pick: (r: RunFigures) => number) => runs.map(pick).join(' / ');
  const lines = [
    `web benchmark: ${runs.length} run(s), medians (per run in brackets); ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `  ${mark(m.bundle.initialJsGzKB * 1024 < TARGET_INITIAL_JS_GZ)} initial JS ${m.bundle.initialJsGzKB} KB gz in ${m.bundle.initialJsFiles} files (${m.bundle.initialJsKB} KB raw; target < 400); CSS ${m.bundle.cssGzKB} KB gz; all JS ${m.bundle.allJsGzKB} KB gz`,
    `  ${mark(m.open.liveShownMs < TARGET_FIRST_RENDER_MS)} live view of ${m.nodes.toLocaleString('en')} nodes: first nodes painted ${m.open.firstNodesMs} ms [${spread((r) => r.open.firstNodesMs)}], live data shown ${m.open.liveShownMs} ms [${spread((r) => r.open.liveShownMs)}] (target < 1500; ${m.open.nodesRendered} nodes rendered; DOMContentLoaded ${m.open.domContentLoadedMs} ms${cpuText(m.open.cpu)})`,
  ];
  if (m.autoLayout)
    lines.push(
      `  info same DAG without positions (auto-layout): first nodes ${m.autoLayout.firstNodesMs} ms [${spread((r) => r.autoLayout?.firstNodesMs ?? NaN)}], live data ${m.autoLayout.liveShownMs} ms [${spread((r) => r.autoLayout?.liveShownMs ?? NaN)}]`,
    );
  for (const key of ['fitView', 'zoom1', 'designer1'] as const) {
    const z = m[key];
    for (const phase of ['idle', 'pan', 'drag'] as const) {
      const f = z[phase];
      const target = phase === 'idle' || f.p95 < TARGET_P95_MS;
      // The designer's pan and drag at zoom 1 are targets too since issue 18.
      const info = phase === 'idle';
      lines.push(
        `  ${info ? 'info' : mark(target)} ${key} (zoom ${z.zoom}, ${f.nodesInDom} nodes in DOM, ${f.nodesOnCanvas} on canvas) ${phase.padEnd(4)}: p50 ${f.p50} ms, p95 ${f.p95} ms [${spread((r) => r[key][phase].p95)}], max ${f.max} ms, ${f.frames} frames (${f.fps} fps); main thread ${f.taskMsPerS} ms/s (script ${f.scriptMsPerS}, style ${f.styleMsPerS}, layout ${f.layoutMsPerS}); ${f.deltasPerS} deltas/s x ${f.nodesPerDelta} nodes; ${f.domMutationsPerS} DOM mutations/s${f.movesPerS ? `; ${f.movesPerS} mouse moves/s` : ''}${cpuText(f.cpu)}`,
      );
    }
  }
  return lines.join('\n');
}
