import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from './model';
import { boxOf, clearOffset, freeSpot, overlaps, placedBlock, PASTE_STEP } from './placement';

const at = (x: number, y: number) => ({ position: { x, y } });
const size = { width: NODE_WIDTH, height: NODE_HEIGHT.design };

describe('freeSpot', () => {
  it('gives the wanted spot when it is free', () => {
    expect(freeSpot([], { x: 10, y: 20 }, size)).toEqual({ x: 10, y: 20 });
    expect(freeSpot([at(1000, 1000)], { x: 10, y: 20 }, size)).toEqual({ x: 10, y: 20 });
  });

  it('moves off an occupied spot to the nearest free one', () => {
    const nodes = [at(0, 0)];
    const spot = freeSpot(nodes, { x: 0, y: 0 }, size);
    expect(spot).not.toEqual({ x: 0, y: 0 });
    expect(overlaps({ ...spot, ...size }, boxOf(nodes[0]!))).toBe(false);
    // Nearest: one ring out, not far away.
    expect(Math.hypot(spot.x, spot.y)).toBeLessThan(3 * NODE_WIDTH);
  });

  it('never lands on any of many nodes around the centre', () => {
    const nodes = [];
    for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) nodes.push(at(i * 200, j * 80));
    const spot = freeSpot(nodes, { x: 0, y: 0 }, size);
    for (const n of nodes) expect(overlaps({ ...spot, ...size }, boxOf(n))).toBe(false);
  });

  it('uses the measured size of nodes', () => {
    const big = { position: { x: 0, y: 0 }, measured: { width: 600, height: 300 } };
    const spot = freeSpot([big], { x: 300, y: 100 }, size);
    expect(overlaps({ ...spot, ...size }, boxOf(big))).toBe(false);
  });

  it('adding ten at the same spot gives ten boxes that do not overlap', () => {
    const nodes: { position: { x: number; y: number } }[] = [];
    for (let i = 0; i < 10; i++) nodes.push({ position: freeSpot(nodes, { x: 0, y: 0 }, size) });
    for (const a of nodes)
      for (const b of nodes) if (a !== b) expect(overlaps(boxOf(a), boxOf(b))).toBe(false);
  });
});

describe('pasting clear of other nodes', () => {
  it('does not move a block that covers nothing', () => {
    expect(clearOffset([at(0, 0)], [at(500, 500)])).toEqual({ x: 0, y: 0 });
  });

  it('moves a block on by steps until it covers nothing', () => {
    const d = clearOffset([at(0, 0)], [at(0, 0)]);
    expect(d.x).toBeGreaterThan(0);
    expect(d.x % PASTE_STEP).toBe(0);
    expect(overlaps({ ...boxOf(at(d.x, d.y)) }, boxOf(at(0, 0)))).toBe(false);
  });

  it('puts a block at the pointer, keeping its shape', () => {
    const placed = placedBlock([], [at(100, 100), at(400, 150)], { x: 10, y: 20 });
    expect(placed.map((n) => n.position)).toEqual([
      { x: 10, y: 20 },
      { x: 310, y: 70 },
    ]);
  });

  it('a second paste at the same pointer does not land on the first', () => {
    const first = placedBlock([], [at(0, 0)], { x: 50, y: 50 });
    const second = placedBlock(first, [at(0, 0)], { x: 50, y: 50 });
    expect(overlaps(boxOf(first[0]!), boxOf(second[0]!))).toBe(false);
    expect(second[0]!.position.x - first[0]!.position.x).toBe(
      second[0]!.position.y - first[0]!.position.y,
    );
  });
});
