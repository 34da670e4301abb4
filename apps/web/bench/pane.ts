/** Where things are on the page: the pane, its zoom, the nodes the canvas painted, empty space. */
import type { Page } from '@playwright/test';
import { generateDag } from './generate-dag';
import { GRID_DAG, NODES, sleep } from './options';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function paneBox(page: Page): Promise<Box> {
  const box = await page.locator('.react-flow').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

export async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').getAttribute('style');
  const match = /scale\(([\d.e-]+)\)/.exec(transform ?? '');
  return match ? Number(match[1]) : NaN;
}

/** Zooms with the mouse wheel at the canvas centre until the zoom is `target` (within 1%). */
export async function zoomTo(page: Page, target: number): Promise<number> {
  const box = await paneBox(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 8; i++) {
    const current = await zoom(page);
    if (Math.abs(current / target - 1) < 0.01) break;
    // React Flow's wheel: zoom *= 2 ** (-deltaY * 0.002).
    await page.mouse.wheel(0, -Math.log2(target / current) / 0.002);
    await sleep(300);
  }
  return zoom(page);
}

/** The grid DAG's node boxes in the live view (apps/web/src/features/designer/model.ts). */
const NODE_BOX = { width: 190, height: 88 };
const GRID_POSITIONS = (generateDag(GRID_DAG, true, NODES).ui as { positions: Record<string, Box> })
  .positions;

interface NamedBox extends Box {
  name: string;
}

/**
 * Where the far-level canvas paints the grid DAG's nodes on the page (they have no DOM element):
 * from their positions and the viewport transform. Empty when the canvas is not shown.
 */
async function canvasNodeBoxes(page: Page): Promise<NamedBox[]> {
  if ((await page.locator('[data-testid="far-canvas"]').count()) === 0) return [];
  const box = await paneBox(page);
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const m = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([\d.e-]+)\)/.exec(style);
  if (!m) throw new Error(`no viewport transform in "${style}"`);
  const [tx, ty, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return Object.entries(GRID_POSITIONS).map(([name, p]) => ({
    name,
    x: box.x + tx + p.x * z,
    y: box.y + ty + p.y * z,
    width: NODE_BOX.width * z,
    height: NODE_BOX.height * z,
  }));
}

/** A point of the empty pane (not a node, edge or control) nearest the canvas centre. */
export async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await paneBox(page);
  const painted = await canvasNodeBoxes(page);
  const point = (await page.evaluate(`(() => {
    const box = ${JSON.stringify(box)};
    const painted = ${JSON.stringify(painted)};
    const onPainted = (x, y) => painted.some((r) =>
      x > r.x - 4 && x < r.x + r.width + 4 && y > r.y - 4 && y < r.y + r.height + 4);
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    let best = null, bestD = Infinity;
    for (let x = box.x + 30; x < box.x + box.width - 30; x += 7)
      for (let y = box.y + 30; y < box.y + box.height - 30; y += 7) {
        const el = document.elementFromPoint(x, y);
        if (!el || !el.classList.contains('react-flow__pane') || onPainted(x, y)) continue;
        const d = Math.hypot(x - cx, y - cy);
        if (d < bestD) { bestD = d; best = { x, y }; }
      }
    return best;
  })()`)) as { x: number; y: number } | null;
  if (!point) throw new Error('no empty point on the canvas');
  return point;
}

/** The centre of a calculation node's name near the canvas centre (a place that drags it). */
export async function nodeGrip(page: Page): Promise<{ x: number; y: number; name: string }> {
  const box = await paneBox(page);
  const painted = await canvasNodeBoxes(page);
  if (painted.length > 0) {
    // The name's box on the canvas: from the kind stripe and padding (18 px) to the status dot.
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    let best: { x: number; y: number; name: string } | null = null;
    let bestD = Infinity;
    for (const r of painted) {
      if (!r.name.startsWith('n')) continue;
      const x = r.x + (r.width * 80) / NODE_BOX.width;
      const y = r.y + r.height / 2;
      if (
        x < box.x + 50 ||
        x > box.x + box.width - 50 ||
        y < box.y + 50 ||
        y > box.y + box.height - 50
      )
        continue;
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestD) [bestD, best] = [d, { x, y, name: r.name }];
    }
    if (!best) throw new Error('no node to drag near the canvas centre');
    return best;
  }
  const grip = (await page.evaluate(`(() => {
    const box = ${JSON.stringify(box)};
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    let best = null, bestD = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node .dag-node[data-kind]')) {
      if (!el.dataset.testid.startsWith('node-n')) continue;
      const name = el.querySelector('.dag-node__name');
      const r = (name || el).getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < box.x + 50 || x > box.x + box.width - 50 || y < box.y + 50 || y > box.y + box.height - 50) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestD) { bestD = d; best = { x, y, name: el.dataset.testid.slice(5) }; }
    }
    return best;
  })()`)) as { x: number; y: number; name: string } | null;
  if (!grip) throw new Error('no node to drag near the canvas centre');
  return grip;
}
