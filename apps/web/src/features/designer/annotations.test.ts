import { describe, expect, it } from 'vitest';
import {
  annotationNodes,
  commentsOf,
  groupBox,
  groupsOf,
  withGroupMemberRenamed,
  withGroupsPruned,
  withNewComment,
  withNewGroup,
  withoutSelectionAndNotes,
} from './annotations';
import { emptyDoc, flowNode, NODE_WIDTH, type FlowNode } from './model';
import { applyNoteChanges, splitChanges } from './note-changes';
import { createEditorStore } from './store';

const node = (name: string, x: number, y: number, selected = false): FlowNode => ({
  ...flowNode({ name, type: 'MetronomeNode', config: { interval_ms: 1000 } }, { x, y }),
  selected,
});

describe('comments and groups in ui', () => {
  it('adds comments with fresh ids, kept beside the other ui keys', () => {
    const doc = { ...emptyDoc('d'), ui: { positions: {} } };
    const a = withNewComment(doc, { x: 10.4, y: 20 }, 'hi');
    const b = withNewComment(a.doc, { x: 0, y: 0 });
    expect([a.id, b.id]).toEqual(['c1', 'c2']);
    expect(commentsOf(b.doc)).toEqual([
      { id: 'c1', text: 'hi', x: 10, y: 20 },
      { id: 'c2', text: '', x: 0, y: 0 },
    ]);
    expect(b.doc.ui).toHaveProperty('positions');
    expect(b.doc.keys).toContain('ui');
  });

  it('a node is in one group at most; a group left empty goes', () => {
    const g1 = withNewGroup(emptyDoc('d'), ['a', 'b']);
    const g2 = withNewGroup(g1.doc, ['a', 'b'], 'Other', 'red');
    expect(groupsOf(g2.doc)).toEqual([
      { id: 'g2', title: 'Other', color: 'red', nodes: ['a', 'b'] },
    ]);
  });

  it('follows node renames and deletions', () => {
    const { doc } = withNewGroup(emptyDoc('d'), ['a', 'b']);
    expect(groupsOf(withGroupMemberRenamed(doc, 'a', 'z'))[0]?.nodes).toEqual(['z', 'b']);
    expect(groupsOf(withGroupsPruned(doc, [node('b', 0, 0)]))[0]?.nodes).toEqual(['b']);
    expect(groupsOf(withGroupsPruned(doc, []))).toEqual([]);
    expect(withGroupsPruned(doc, [node('a', 0, 0), node('b', 0, 0)])).toBe(doc);
  });

  it('deletes the selected nodes and comments, and the nodes from their groups', () => {
    const withComment = withNewComment(emptyDoc('d'), { x: 0, y: 0 }).doc;
    const { doc } = withNewGroup(withComment, ['a', 'b']);
    const graph = { doc, nodes: [node('a', 0, 0, true), node('b', 300, 0)], edges: [] };
    expect(withoutSelectionAndNotes({ ...graph, nodes: [node('a', 0, 0)] }, [])).toBeNull();
    const next = withoutSelectionAndNotes(graph, ['c1'])!;
    expect(next.nodes.map((n) => n.id)).toEqual(['b']);
    expect(commentsOf(next.doc)).toEqual([]);
    expect(groupsOf(next.doc)[0]?.nodes).toEqual(['b']);
  });

  it("draws a group around its members' boxes, and nothing for a group of none", () => {
    const { doc } = withNewGroup(emptyDoc('d'), ['a', 'b']);
    const byName = new Map([
      ['a', node('a', 0, 0)],
      ['b', node('b', 300, 100)],
    ]);
    const box = groupBox(groupsOf(doc)[0]!, byName)!;
    expect(box.x).toBeLessThan(0);
    expect(box.x + box.width).toBeGreaterThan(300 + NODE_WIDTH);
    expect(groupBox({ id: 'g', title: '', color: 'blue', nodes: ['x'] }, byName)).toBeNull();
    const { behind, above } = annotationNodes(doc, [...byName.values()], [], true);
    expect(behind).toHaveLength(1);
    expect(behind[0]).toMatchObject({ selectable: false, draggable: false });
    expect(above).toEqual([]);
  });
});

describe('comment changes from the canvas', () => {
  it('routes changes by id and moves, sizes and selects comments', () => {
    const { doc } = withNewComment(emptyDoc('d'), { x: 0, y: 0 }, 'x');
    const { dag, notes } = splitChanges([
      { type: 'position', id: 'note:c1', position: { x: 5.6, y: 7 } },
      { type: 'select', id: 'note:c1', selected: true },
      { type: 'select', id: 'a', selected: true },
      {
        type: 'dimensions',
        id: 'note:c1',
        dimensions: { width: 300, height: 120 },
        resizing: true,
      },
      { type: 'dimensions', id: 'group:g1', dimensions: { width: 3, height: 1 } },
    ]);
    expect(dag).toEqual([{ type: 'select', id: 'a', selected: true }]);
    const patch = applyNoteChanges({ doc, selectedNotes: [] }, notes)!;
    expect(commentsOf(patch.doc!)).toEqual([
      { id: 'c1', text: 'x', x: 6, y: 7, width: 300, height: 120 },
    ]);
    expect(patch.selectedNotes).toEqual(['c1']);
    expect(
      applyNoteChanges({ doc, selectedNotes: [] }, [
        { type: 'dimensions', id: 'note:c1', dimensions: { width: 1, height: 1 } },
      ]),
    ).toBeNull();
  });
});

describe('the store', () => {
  it('undoes a comment, and renames and prunes groups with their nodes', () => {
    const store = createEditorStore();
    store.getState().load({
      doc: emptyDoc('d'),
      nodes: [node('a', 0, 0), node('b', 300, 0)],
      edges: [],
    });
    store.getState().edit((s) => ({ doc: withNewComment(s.doc, { x: 0, y: 0 }, 'note').doc }));
    store.getState().edit((s) => ({ doc: withNewGroup(s.doc, ['a', 'b']).doc }));
    store.getState().renameNode('a', 'z');
    expect(groupsOf(store.getState().doc)[0]?.nodes).toEqual(['z', 'b']);
    store.getState().selectOnly('b');
    store.getState().deleteSelection();
    expect(groupsOf(store.getState().doc)[0]?.nodes).toEqual(['z']);
    store.getState().undo();
    store.getState().undo();
    store.getState().undo();
    expect(groupsOf(store.getState().doc)).toEqual([]);
    expect(commentsOf(store.getState().doc)).toHaveLength(1);
    store.getState().undo();
    expect(commentsOf(store.getState().doc)).toHaveLength(0);
  });

  it('adds a node at the free spot nearest the one asked for', () => {
    const store = createEditorStore();
    store.getState().load({ doc: emptyDoc('d'), nodes: [node('a', 0, 0)], edges: [] });
    const item = { kind: 'timer', type: 'MetronomeNode', defaults: {} } as const;
    const name = store.getState().addFromPalette(item, { x: 0, y: 0 });
    const added = store.getState().nodes.find((n) => n.id === name)!;
    expect(added.position).not.toEqual({ x: 0, y: 0 });
  });
});
