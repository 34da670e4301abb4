import { describe, expect, it } from 'vitest';
import { COMPACT_BELOW_ZOOM } from './model';
import {
  fitMinZoom,
  fitViewport,
  MIN_ZOOM,
  READABLE_ZOOM,
  SMALL_DAG_NODES,
  WHOLE_MIN_ZOOM,
} from './fit';

// Seven nodes in a row, 240 apart (fromConfig's grid), each 190 x 88.
const sevenInARow = { x: 0, y: 0, width: 6 * 240 + 190, height: 88 };

describe('zoom to fit', () => {
  it('never shows a small DAG below the readable zoom, nor in the compact far look', () => {
    expect(fitMinZoom(7)).toBe(READABLE_ZOOM);
    expect(READABLE_ZOOM).toBeGreaterThan(COMPACT_BELOW_ZOOM);
    // The live view's canvas at a 1024-wide window is about 560 px wide.
    const view = fitViewport(sevenInARow, 560, 600, { minZoom: fitMinZoom(7) });
    expect(view.zoom).toBe(READABLE_ZOOM);
  });

  it('starts what does not fit at the left (the sources), and centres what does', () => {
    const view = fitViewport(sevenInARow, 560, 600, { minZoom: READABLE_ZOOM });
    expect(view.x).toBeGreaterThan(0);
    expect(view.x).toBeLessThanOrEqual(40);
    // Vertically the row fits: centred.
    expect(view.y).toBeCloseTo((600 - 88 * view.zoom) / 2);
    const wide = fitViewport(sevenInARow, 3000, 900, { minZoom: READABLE_ZOOM });
    expect(wide.zoom).toBeCloseTo(1.2);
    expect(wide.x).toBeCloseTo((3000 - sevenInARow.width * wide.zoom) / 2);
  });

  it('on demand shows all of a small DAG, as full nodes still', () => {
    expect(fitMinZoom(7, { whole: true })).toBe(WHOLE_MIN_ZOOM);
    expect(WHOLE_MIN_ZOOM).toBeGreaterThan(COMPACT_BELOW_ZOOM);
    const view = fitViewport(sevenInARow, 1200, 600, { minZoom: fitMinZoom(7, { whole: true }) });
    expect(view.zoom).toBeLessThan(1);
    expect(view.zoom * sevenInARow.width).toBeLessThanOrEqual(1200);
    const narrow = fitViewport(sevenInARow, 300, 600, { minZoom: fitMinZoom(7, { whole: true }) });
    expect(narrow.zoom).toBe(WHOLE_MIN_ZOOM);
  });

  it('fits a big DAG whole, as far out as it takes', () => {
    expect(fitMinZoom(SMALL_DAG_NODES + 1, { whole: true })).toBe(MIN_ZOOM);
    expect(fitMinZoom(SMALL_DAG_NODES + 1)).toBe(MIN_ZOOM);
    const view = fitViewport({ x: 0, y: 0, width: 10_000, height: 5_000 }, 1000, 800, {
      minZoom: MIN_ZOOM,
    });
    expect(view.zoom).toBeLessThan(COMPACT_BELOW_ZOOM);
    expect(view.zoom * 10_000).toBeLessThanOrEqual(1000);
  });
});
