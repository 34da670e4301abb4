import type { XYPosition } from '@xyflow/react';
import { copyOf, pasted } from './edits';
import { groupsOf, withNewComment, withNewGroup } from './annotations';
import { placedBlock } from './placement';
import type { EditorStore } from './store';

/**
 * What the canvas's context menu does to the editor's store, each one undo step. A node acted on
 * that is not selected is selected alone first (as Node-RED and n8n do).
 */

/** Selects `name` alone unless it is already part of the selection; the selected names. */
export function selectionWith(store: EditorStore, name: string): string[] {
  const s = store.getState();
  if (!s.nodes.find((n) => n.id === name)?.selected) s.selectOnly(name);
  return store
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);
}

/** Copies of the selected nodes (with their components and the edges between them), beside them. */
export function duplicateSelection(store: EditorStore): number {
  const s = store.getState();
  const clip = copyOf(s);
  if (!clip) return 0;
  const { doc, nodes, edges } = pasted(s, clip);
  s.edit((st) => ({
    doc,
    nodes: [
      ...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      ...placedBlock(st.nodes, nodes),
    ],
    edges: [...st.edges, ...edges],
  }));
  return nodes.length;
}

/** Removes every edge into or out of node `name`. */
export function disconnect(store: EditorStore, name: string): void {
  const s = store.getState();
  if (!s.edges.some((e) => e.source === name || e.target === name)) return;
  s.edit((st) => ({ edges: st.edges.filter((e) => e.source !== name && e.target !== name) }));
}

/** A new empty comment at `at`, selected (double-click it to write). */
export function addComment(store: EditorStore, at: XYPosition, text = ''): string {
  let id = '';
  store.getState().edit((st) => {
    const next = withNewComment(st.doc, at, text);
    id = next.id;
    return { doc: next.doc };
  });
  store.setState({ selectedNotes: [id] });
  return id;
}

/** The selected nodes as a new group; null when none is selected. */
export function groupSelection(store: EditorStore): string | null {
  const names = store
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);
  if (names.length === 0) return null;
  let id = '';
  store.getState().edit((st) => {
    const next = withNewGroup(st.doc, names, `Group ${groupsOf(st.doc).length + 1}`);
    id = next.id;
    return { doc: next.doc };
  });
  return id;
}
