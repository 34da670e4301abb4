import { describe, expect, it } from 'vitest';
import type { LiveNode } from '../../trpc';
import {
  emptyDoc,
  flowEdge,
  flowNode,
  NODE_HEIGHT,
  NODE_WIDTH,
  type FlowNode,
} from '../designer/model';
import { toFlow, toPane, visibleRect, type Transform } from './geometry';
import { calcNode, sceneOf } from './test-nodes';
import {
  buildScene,
  cull,
  liveLook,
  nodeAt,
  sameLook,
  shiftScene,
  splitScene,
  viewStats,
} from './scene';

const calc = calcNode;
const source = (name: string, x: number, y: number): FlowNode =>
  flowNode({ name, type: 'SubscriptionNode', config: { subscriber: 's' } }, { x, y });
const details = (name: string, rate: number, errorCount = 0) =>
  ({ name, rate, errorCount, computeCount: 1 }) as LiveNode;

/** A row of `count` nodes, 240 apart, each wired to the next. */
function row(count: number) {
  const nodes = Array.from({ length: count }, (_, i) => calc(`n${i}`, i * 240, 0));
  const edges = nodes.slice(1).map((n, i) => flowEdge({ from: `n${i}`, to: n.id }));
  return { nodes, edges };
}

const rowScene = (count: number, live = false) => {
  const { nodes, edges } = row(count);
  return sceneOf(nodes, { edges, live });
};

describe('the far-level scene', () => {
  it('has a box per node, the live size in the live view, with its kind and problems', () => {
    const scene = buildScene({
      nodes: [source('in', 0, 0), calc('add', 300, 50)],
      edges: [],
      live: true,
      problems: { add: [{ message: 'no arguments' }] },
    });
    expect(scene.nodes.map((n) => [n.id, n.kind, n.problems])).toEqual([
      ['in', 'subscriber', 0],
      ['add', 'calculator', 1],
    ]);
    expect(scene.nodes[1]!.rect).toEqual({
      x: 300,
      y: 50,
      width: NODE_WIDTH,
      height: NODE_HEIGHT.live,
    });
    const design = sceneOf([calc('add', 0, 0)]);
    expect(design.nodes[0]!.rect.height).toBe(NODE_HEIGHT.design);
  });

  it('draws selected nodes last, on top of the others', () => {
    const scene = sceneOf([calc('a', 0, 0, true), calc('b', 0, 0), calc('c', 0, 0)]);
    expect(scene.nodes.map((n) => n.id)).toEqual(['b', 'c', 'a']);
  });

  it('runs each edge from the right of its source to the left of its target', () => {
    const scene = buildScene({
      nodes: [calc('a', 0, 0), calc('b', 400, 100)],
      edges: [flowEdge({ from: 'a', to: 'b' })],
      live: false,
      problems: {},
    });
    const { curve } = scene.edges[0]!;
    expect(curve.from.x).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(curve.from.y).toBe(NODE_HEIGHT.design / 2);
    expect(curve.to.x).toBeGreaterThanOrEqual(400);
    expect(curve.to.x).toBeLessThan(410);
    expect(curve.to.y).toBe(100 + NODE_HEIGHT.design / 2);
    // It leaves and enters horizontally, as React Flow's bezier does.
    expect(curve.c1.y).toBe(curve.from.y);
    expect(curve.c2.y).toBe(curve.to.y);
  });

  it('near by, gives each node its head label, its subtitle and a publish button to subscribers only', () => {
    const doc = {
      ...emptyDoc('d'),
      subscribers: [{ name: 's', config: { source: 'mem://queue/in' } }],
      calculators: [{ name: 'c', type: 'AdditionCalculator', config: {} }],
    } as ReturnType<typeof emptyDoc>;
    const nodes = [source('in', 0, 0), calc('add', 300, 0)];
    const scene = buildScene({ nodes, edges: [], live: true, problems: {}, doc, publish: true });
    expect(scene.nodes.map((n) => [n.id, n.label, n.subtitle, n.publish])).toEqual([
      ['in', 'Subscriber', 'mem://queue/in', true],
      ['add', 'Addition', 'c', false],
    ]);
    // No publish button for a role that may not publish, nor in the designer.
    const viewer = buildScene({ nodes, edges: [], live: true, problems: {}, doc });
    const designer = buildScene({
      nodes,
      edges: [],
      live: false,
      problems: {},
      doc,
      publish: true,
    });
    expect([...viewer.nodes, ...designer.nodes].some((n) => n.publish)).toBe(false);
  });

  it('leaves out an edge whose node is missing', () => {
    const scene = buildScene({
      nodes: [calc('a', 0, 0)],
      edges: [flowEdge({ from: 'a', to: 'gone' })],
      live: false,
      problems: {},
    });
    expect(scene.edges).toEqual([]);
  });
});

describe('culling', () => {
  it('keeps exactly the nodes and edges in view', () => {
    const scene = rowScene(10);
    // Zoom 0.5 on a 600 x 400 pane: flow x 0..1200, so n0 to n4 (n5 starts at 1200).
    const view = visibleRect([0, 0, 0.5], 600, 400);
    const { nodes, edges } = cull(scene, view);
    expect(nodes.map((n) => n.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    // n4 -> n5 starts in view; n5 -> n6 does not.
    expect(edges.map((e) => e.source)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });

  it('follows the pan: a view moved right shows the nodes there and not the first ones', () => {
    const scene = rowScene(10);
    const { nodes } = cull(scene, visibleRect([-1000, 0, 0.5], 600, 400));
    expect(nodes.map((n) => n.id)).toEqual(['n8', 'n9']);
  });
});

describe('hit-testing', () => {
  const transform: Transform = [100, 50, 0.25];
  const scene = sceneOf([calc('under', 0, 0), calc('over', 100, 20), calc('alone', 1000, 0)], {
    live: true,
  });

  it('picks the node under a point of the pane', () => {
    const centre = toPane({ x: 1000 + NODE_WIDTH / 2, y: 40 }, transform);
    expect(nodeAt(scene, toFlow(centre, transform))?.id).toBe('alone');
  });

  it('picks the top node where two overlap', () => {
    expect(nodeAt(scene, { x: 150, y: 40 })?.id).toBe('over');
    expect(nodeAt(scene, { x: 50, y: 40 })?.id).toBe('under');
  });

  it('finds nothing between nodes', () => {
    expect(nodeAt(scene, { x: 600, y: 40 })).toBeUndefined();
    expect(nodeAt(scene, { x: 50, y: 500 })).toBeUndefined();
  });
});

describe('the live look', () => {
  const scene = rowScene(3, true);

  it('is each node status as its dot shows it, and whether data leaves it', () => {
    const look = liveLook(scene, { n0: details('n0', 10), n1: details('n1', 0, 3) });
    expect(look.get('n0')).toEqual({ status: 'on', flowing: true });
    expect(look.get('n1')).toEqual({ status: 'error', flowing: false });
    expect(look.get('n2')).toEqual({ status: 'none', flowing: false });
  });

  it('stays the same when only the figures change, so the canvas does not redraw', () => {
    const a = liveLook(scene, { n0: details('n0', 10) });
    const b = liveLook(scene, { n0: { ...details('n0', 12), computeCount: 99 } });
    expect(sameLook(a, b)).toBe(true);
    expect(sameLook(a, liveLook(scene, { n0: details('n0', 0) }))).toBe(false);
  });

  it('near by holds each live line, its figures from those shown, and changes with their text', () => {
    const now = { n0: { ...details('n0', 12, 2), computeCount: 500 } };
    const shown = { n0: { ...details('n0', 10), computeCount: 480 } };
    const look = liveLook(scene, now, shown);
    expect(look.get('n0')?.line).toMatchObject({ on: true, rate: '10', count: '480', errors: '2' });
    expect(look.get('n1')?.line).toBeNull();
    // A figure not yet shown changes nothing; one shown, or a new error, changes the look.
    expect(sameLook(look, liveLook(scene, { n0: { ...now.n0, computeCount: 510 } }, shown))).toBe(
      true,
    );
    const later = { n0: { ...shown.n0, computeCount: 500 } };
    expect(sameLook(look, liveLook(scene, now, later))).toBe(false);
    expect(sameLook(look, liveLook(scene, { n0: { ...now.n0, errorCount: 3 } }, shown))).toBe(
      false,
    );
  });
});

describe('a drag', () => {
  it('parts the nodes it moves, with every edge touching them, from the rest', () => {
    const scene = rowScene(4);
    const { still, moving } = splitScene(scene, new Set(['n1']));
    expect(moving.nodes.map((n) => n.id)).toEqual(['n1']);
    expect(moving.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['n0>n1', 'n1>n2']);
    expect(still.nodes.map((n) => n.id)).toEqual(['n0', 'n2', 'n3']);
    expect(still.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['n2>n3']);
  });

  it('moved by a drag, shows the moving node there with its edges still reaching their other ends', () => {
    const { nodes, edges } = row(3);
    const ids = new Set(['n1']);
    const { moving } = splitScene(sceneOf(nodes, { edges }), ids);
    const shifted = shiftScene(moving, ids, { x: 30, y: 100 });
    expect(shifted.nodes[0]!.rect).toMatchObject({ x: 240 + 30, y: 100 });
    // The same as if the node had been put there.
    const placed = sceneOf(
      nodes.map((n) => (n.id === 'n1' ? { ...n, position: { x: 270, y: 100 } } : n)),
      { edges },
    );
    expect(shifted.edges).toEqual(splitScene(placed, ids).moving.edges);
  });
});

describe('view figures', () => {
  it('count the nodes in view and those shown with live data', () => {
    const scene = rowScene(10, true);
    const look = liveLook(scene, {
      n0: details('n0', 10),
      n1: details('n1', 0),
      n9: details('n9', 1),
    });
    expect(viewStats(scene, look, visibleRect([0, 0, 0.5], 600, 400))).toEqual({
      nodes: 5,
      live: 2,
    });
  });
});
