import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline';

const box = { width: 100, height: 20, capacity: 5 };

describe('a rate sparkline', () => {
  it('draws nothing under two values, and gives their range', () => {
    expect(sparkline([], box)).toEqual({ points: '', min: 0, max: 0 });
    expect(sparkline([3], box)).toEqual({ points: '', min: 3, max: 3 });
  });

  it('ends at the right, the greatest value at the top and 0 at the bottom', () => {
    const shape = sparkline([0, 2, 1], box);
    expect(shape.points).toBe('50,20 75,0 100,10');
    expect([shape.min, shape.max]).toEqual([0, 2]);
  });

  it('fills the width once the ring is full, and lies flat at the bottom when all are 0', () => {
    expect(sparkline([1, 1, 1, 1, 1], box).points).toBe('0,0 25,0 50,0 75,0 100,0');
    expect(sparkline([0, 0], box).points).toBe('75,20 100,20');
  });
});
