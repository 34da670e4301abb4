import { describe, expect, it } from 'vitest';
import {
  BIG_MINIMAP_NODES,
  clampProblemsHeight,
  minimapFlag,
  panelSizes,
  PROBLEMS_MIN,
  validLayout,
} from './panel-layout';

describe('the designer panel layout', () => {
  it('keeps the Problems panel between its minimum and 60% of the window', () => {
    expect(clampProblemsHeight(10, 768)).toBe(PROBLEMS_MIN);
    expect(clampProblemsHeight(200.4, 768)).toBe(200);
    expect(clampProblemsHeight(5000, 768)).toBe(461);
    // A window too low for both still gets the minimum.
    expect(clampProblemsHeight(200, 50)).toBe(PROBLEMS_MIN);
  });

  it('takes from a stored layout only the fields of the right type', () => {
    expect(validLayout(null)).toEqual({});
    expect(validLayout('palette')).toEqual({});
    expect(
      validLayout({ palette: false, properties: 'no', minimap: true, problemsHeight: -3, x: 1 }),
    ).toEqual({ palette: false, minimap: true });
    expect(validLayout({ problemsHeight: 220, inspector: false })).toEqual({
      problemsHeight: 220,
      inspector: false,
    });
  });

  it('leaves a canvas of at least 600 px at 1024 wide with both side panels open', () => {
    const narrow = panelSizes(true);
    expect(1024 - narrow.palette - narrow.side - 2).toBeGreaterThanOrEqual(600);
    expect(panelSizes(false).palette).toBeGreaterThan(narrow.palette);
  });

  it('gives a big DAG its own minimap flag, off by default', () => {
    expect(minimapFlag(BIG_MINIMAP_NODES - 1)).toBe('minimap');
    expect(minimapFlag(BIG_MINIMAP_NODES)).toBe('bigMinimap');
    expect(validLayout({ bigMinimap: true })).toEqual({ bigMinimap: true });
  });
});
