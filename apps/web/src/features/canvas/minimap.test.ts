import { describe, expect, it } from 'vitest';
import { NODE_WIDTH } from '../designer/model';
import { contains, visibleRect } from './geometry';
import { MINIMAP_SIZE, miniFrame, miniToFlow, sceneBounds } from './minimap';
import { calcNode, sceneOf } from './test-nodes';

const scene = sceneOf([calcNode('a', 0, 0), calcNode('b', 5000, 0), calcNode('c', 0, 2000)], {
  live: true,
});

describe('the far-level minimap', () => {
  it('shows every node and the view, whatever part of the DAG the view shows', () => {
    const view = visibleRect([-200, -100, 0.3], 1200, 800);
    const frame = miniFrame(sceneBounds(scene), view);
    for (const n of scene.nodes) {
      expect(contains(frame, n.rect)).toBe(true);
      expect(contains(frame, { x: n.rect.x + NODE_WIDTH, y: n.rect.y + n.rect.height })).toBe(true);
    }
    expect(contains(frame, view)).toBe(true);
    expect(contains(frame, { x: view.x + view.width, y: view.y + view.height })).toBe(true);
  });

  it('fills its box at one scale, the DAG in the middle', () => {
    const bounds = sceneBounds(scene)!;
    const frame = miniFrame(bounds, { x: 1000, y: 500, width: 100, height: 100 });
    expect(frame.width * frame.scale).toBeCloseTo(MINIMAP_SIZE.width);
    expect(frame.height * frame.scale).toBeCloseTo(MINIMAP_SIZE.height);
    const middle = miniToFlow({ x: MINIMAP_SIZE.width / 2, y: MINIMAP_SIZE.height / 2 }, frame);
    expect(middle.x).toBeCloseTo(bounds.x + bounds.width / 2);
    expect(middle.y).toBeCloseTo(bounds.y + bounds.height / 2);
  });

  it('maps a point of the minimap to the flow point it draws there', () => {
    const frame = miniFrame(sceneBounds(scene), visibleRect([0, 0, 0.2], 1000, 600));
    const b = scene.nodes.find((n) => n.id === 'b')!.rect;
    const drawnAt = { x: (b.x - frame.x) * frame.scale, y: (b.y - frame.y) * frame.scale };
    const back = miniToFlow(drawnAt, frame);
    expect(back.x).toBeCloseTo(b.x);
    expect(back.y).toBeCloseTo(b.y);
  });
});
