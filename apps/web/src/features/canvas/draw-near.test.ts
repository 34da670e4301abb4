import { describe, expect, it } from 'vitest';
import { emptyDoc, flowNode, NODE_WIDTH } from '../designer/model';
import { liveLine } from '../designer/node-text';
import type { LiveNode } from '../../trpc';
import { lineItems, onPublishButton, publishButton } from './draw-near';
import { buildScene } from './scene';

describe('the publish button of a node painted near by', () => {
  const doc = {
    ...emptyDoc('d'),
    subscribers: [{ name: 's', config: { source: 'mem://queue/in' } }],
  } as ReturnType<typeof emptyDoc>;
  const node = flowNode(
    { name: 'in', type: 'SubscriptionNode', config: { subscriber: 's' } },
    { x: 100, y: 50 },
  );
  const scene = (publish: boolean) =>
    buildScene({ nodes: [node], edges: [], live: true, problems: {}, doc, publish }).nodes[0]!;

  it('sits at the right end of the head row, inside the box', () => {
    const b = publishButton(scene(true));
    expect(b.x + b.width).toBeLessThanOrEqual(100 + NODE_WIDTH - 10);
    expect(b.x).toBeGreaterThan(100 + NODE_WIDTH / 2);
    expect(b.y).toBeGreaterThan(50);
    expect(b.y + b.height).toBeLessThan(50 + 24);
  });

  it('takes a press on it, and none beside it or on a node without one', () => {
    const b = publishButton(scene(true));
    const centre = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    expect(onPublishButton(scene(true), centre)).toBe(true);
    expect(onPublishButton(scene(true), { x: b.x - 5, y: centre.y })).toBe(false);
    expect(onPublishButton(scene(true), { x: centre.x, y: b.y + b.height + 20 })).toBe(false);
    expect(onPublishButton(scene(false), centre)).toBe(false);
  });
});

describe('the live line painted near by', () => {
  const details = (extra: Partial<LiveNode>) =>
    ({ name: 'n', rate: 1, computeCount: 5, errorCount: 0, warningCount: 0, ...extra }) as LiveNode;

  it('shows warnings in their own tone, apart from errors, as the DOM node does', () => {
    const items = lineItems(liveLine(details({ warningCount: 2, errorCount: 1 }), undefined));
    expect(items).toContainEqual(['✖ 1', 'error']);
    expect(items).toContainEqual(['⚠ 2', 'warning']);
    expect(lineItems(liveLine(details({}), undefined)).map(([, tone]) => tone)).toEqual([
      'plain',
      'plain',
    ]);
  });
});
