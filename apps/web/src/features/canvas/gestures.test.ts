import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDoc, NODE_WIDTH } from '../designer/model';
import { createEditorStore } from '../designer/store';
import { toPane, type Point, type Transform } from './geometry';
import { createGestures, onlyMoved, type Gestures } from './gestures';
import { calcNode, sceneOf } from './test-nodes';

const useDesigner = createEditorStore();

const transform: Transform = [40, 30, 0.25];
const node = (name: string, x: number, y: number) => calcNode(name, x, y);

/** Gestures over the designer's store, as the far-level canvas wires them. */
function gestures(editable: boolean): Gestures {
  const store = useDesigner.getState;
  return createGestures({
    scene: () => sceneOf(store().nodes),
    transform: () => transform,
    nodes: () => store().nodes,
    editable,
    selectOnly: (id) => store().selectOnly(id),
    applyChanges: (changes) => store().onNodesChange(changes),
    checkpoint: () => store().checkpoint(),
    preview: () => undefined,
  });
}

/** Where node `name` shows on the pane, a little inside its top left corner. */
function onNode(name: string): Point {
  const n = useDesigner.getState().nodes.find((x) => x.id === name)!;
  return toPane({ x: n.position.x + 20, y: n.position.y + 20 }, transform);
}
const by = (p: Point, dx: number, dy: number): Point => ({ x: p.x + dx, y: p.y + dy });
const positionOf = (name: string) =>
  useDesigner.getState().nodes.find((n) => n.id === name)!.position;
const selected = () =>
  useDesigner
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);

describe('far-level click and drag', () => {
  beforeEach(() => {
    useDesigner.getState().load({
      doc: emptyDoc('far'),
      nodes: [node('a', 0, 0), node('b', 400, 0), node('c', 800, 0)],
      edges: [],
    });
  });

  it('a click on a node selects it alone', () => {
    const g = gestures(true);
    expect(g.down(onNode('b'), { multi: false })).toBe(true);
    g.up(onNode('b'));
    expect(selected()).toEqual(['b']);
    g.down(onNode('c'), { multi: false });
    g.up(onNode('c'));
    expect(selected()).toEqual(['c']);
  });

  it('a press on empty space is left to React Flow (it pans)', () => {
    const g = gestures(true);
    const between = toPane({ x: NODE_WIDTH + 100, y: 20 }, transform);
    expect(g.down(between, { multi: false })).toBe(false);
    expect(g.active()).toBe(false);
    expect(selected()).toEqual([]);
  });

  it('a click with a modifier adds a node to the selection, and a second takes it out', () => {
    const g = gestures(true);
    g.down(onNode('a'), { multi: false });
    g.up(onNode('a'));
    g.down(onNode('c'), { multi: true });
    g.up(onNode('c'));
    expect(selected()).toEqual(['a', 'c']);
    g.down(onNode('a'), { multi: true });
    g.up(onNode('a'));
    expect(selected()).toEqual(['c']);
  });

  it('a drag moves the node in the store by the pointer distance over the zoom, as one undo step', () => {
    const g = gestures(true);
    const from = onNode('b');
    g.down(from, { multi: false });
    g.move(by(from, 10, 5));
    g.move(by(from, 25, -10));
    expect(g.up(by(from, 25, -10))).toBe(true);
    expect(positionOf('b')).toEqual({ x: 400 + 25 / 0.25, y: -10 / 0.25 });
    expect(positionOf('a')).toEqual({ x: 0, y: 0 });
    useDesigner.getState().undo();
    expect(positionOf('b')).toEqual({ x: 400, y: 0 });
  });

  it('while the pointer moves, the drag shows the nodes moving and leaves the store as it is until the drop', () => {
    const g = gestures(true);
    const from = onNode('b');
    g.down(from, { multi: false });
    const afterPress = useDesigner.getState().nodes; // the press selected b
    expect(g.offset()).toBeNull();
    g.move(by(from, 10, 5));
    g.move(by(from, 20, -8));
    expect(g.moving()).toEqual(new Set(['b']));
    expect(g.offset()).toEqual({ x: 20 / 0.25, y: -8 / 0.25 });
    expect(useDesigner.getState().nodes).toBe(afterPress);
    g.up(by(from, 20, -8));
    expect(g.offset()).toBeNull();
    expect(positionOf('b')).toEqual({ x: 400 + 80, y: -32 });
  });

  it('a drag of a selected node moves the whole selection', () => {
    useDesigner.getState().selectAll();
    const g = gestures(true);
    const from = onNode('a');
    g.down(from, { multi: false });
    g.move(by(from, 20, 20));
    g.up(by(from, 20, 20));
    expect([positionOf('a'), positionOf('b'), positionOf('c')]).toEqual([
      { x: 80, y: 80 },
      { x: 480, y: 80 },
      { x: 880, y: 80 },
    ]);
  });

  it('a jitter under the drag threshold is a click, not a move', () => {
    const g = gestures(true);
    const from = onNode('a');
    g.down(from, { multi: false });
    g.move(by(from, 1, 1));
    expect(g.up(by(from, 1, 1))).toBe(false);
    expect(positionOf('a')).toEqual({ x: 0, y: 0 });
    expect(useDesigner.getState().past).toHaveLength(0);
  });

  it('in the live view a drag moves the node without an undo step', () => {
    const g = gestures(false);
    const from = onNode('c');
    g.down(from, { multi: false });
    g.move(by(from, -40, 0));
    g.up(by(from, -40, 0));
    expect(positionOf('c')).toEqual({ x: 800 - 160, y: 0 });
    expect(useDesigner.getState().past).toHaveLength(0);
  });
});

describe('what a drag changes', () => {
  it('is only the nodes it moves: the rest of the canvas can stay painted', () => {
    const before = [node('a', 0, 0), node('b', 400, 0)];
    const moved = [before[0]!, { ...before[1]!, position: { x: 500, y: 0 } }];
    expect(onlyMoved(before, moved, new Set(['b']))).toBe(true);
    expect(onlyMoved(before, moved, new Set(['a']))).toBe(false);
    expect(onlyMoved(before, moved, null)).toBe(false);
    expect(onlyMoved(before, [...moved, node('c', 0, 0)], new Set(['b']))).toBe(false);
  });
});
