import { describe, expect, it } from 'vitest';
import { visibleRect } from './geometry';
import { firstNode, nextNode, type Direction } from './keyboard';
import { calcNode, sceneOf } from './test-nodes';

// A grid of 3 x 3 nodes, 250 apart across and 130 down, and one far off to the lower right.
const nodes = [0, 1, 2].flatMap((r) =>
  [0, 1, 2].map((c) => calcNode(`n${r}${c}`, c * 250, r * 130, r === 2 && c === 2)),
);
const scene = sceneOf([...nodes, calcNode('far', 2000, 2000)]);
const node = (id: string) => scene.nodes.find((n) => n.id === id)!;
const go = (from: string, direction: Direction) => nextNode(scene, node(from), direction)?.id;

describe('the arrow keys on the canvas', () => {
  it('go to the neighbour in the direction pressed', () => {
    expect(go('n11', 'right')).toBe('n12');
    expect(go('n11', 'left')).toBe('n10');
    expect(go('n11', 'up')).toBe('n01');
    expect(go('n11', 'down')).toBe('n21');
  });

  it('prefer a node straight ahead to a nearer one off to the side', () => {
    // From n00 rightwards: n01 (250 ahead) over n11 (250 ahead, 130 aside).
    expect(go('n00', 'right')).toBe('n01');
    // Past the grid's right edge the far node is the only one that way.
    expect(go('n02', 'right')).toBe('far');
  });

  it('stay put at the edge: nothing that way', () => {
    expect(go('n00', 'left')).toBeUndefined();
    expect(go('n00', 'up')).toBeUndefined();
  });

  it('start at the selected node in view, else at the one nearest the view centre', () => {
    const all = visibleRect([0, 0, 0.5], 1200, 800);
    expect(firstNode(scene, all)?.id).toBe('n22');
    const unselected = sceneOf(nodes.map((n) => ({ ...n, selected: false })));
    // A view centred on n11's centre (345, 174).
    expect(firstNode(unselected, { x: 45, y: -26, width: 600, height: 400 })?.id).toBe('n11');
  });
});
