import type { NodeChange } from '@xyflow/react';
import {
  commentsOf,
  isAnnotationId,
  NOTE_PREFIX,
  withComments,
  type CanvasNode,
} from './annotations';
import type { DagDoc, FlowNode } from './model';

/** React Flow's node changes split: those of DAG nodes, and those of comments and groups. */
export function splitChanges(changes: NodeChange<CanvasNode>[]): {
  dag: NodeChange<FlowNode>[];
  notes: NodeChange<CanvasNode>[];
} {
  const dag: NodeChange<FlowNode>[] = [];
  const notes: NodeChange<CanvasNode>[] = [];
  for (const c of changes) {
    const id = c.type === 'add' ? c.item.id : c.id;
    if (isAnnotationId(id)) notes.push(c);
    else dag.push(c as NodeChange<FlowNode>);
  }
  return { dag, notes };
}

/**
 * What comment changes do to the document and the comment selection: a drag moves a comment, a
 * resize sizes it, a click selects it (groups follow their members: their changes do nothing).
 * Null when nothing changes. Moves are not undo steps of their own: the drag's start is.
 */
export function applyNoteChanges(
  state: { doc: DagDoc; selectedNotes: string[] },
  changes: NodeChange<CanvasNode>[],
): { doc?: DagDoc; selectedNotes?: string[] } | null {
  const comments = commentsOf(state.doc);
  const patch = new Map<string, { x?: number; y?: number; width?: number; height?: number }>();
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'add' || !c.id.startsWith(NOTE_PREFIX)) continue;
    const id = c.id.slice(NOTE_PREFIX.length);
    const p = patch.get(id) ?? {};
    if (c.type === 'position' && c.position) {
      p.x = Math.round(c.position.x);
      p.y = Math.round(c.position.y);
      patch.set(id, p);
    } else if (c.type === 'dimensions' && c.resizing && c.dimensions) {
      p.width = Math.round(c.dimensions.width);
      p.height = Math.round(c.dimensions.height);
      patch.set(id, p);
    } else if (c.type === 'select') {
      selected ??= new Set(state.selectedNotes);
      if (c.selected) selected.add(id);
      else selected.delete(id);
    }
  }
  const out: { doc?: DagDoc; selectedNotes?: string[] } = {};
  if (patch.size)
    out.doc = withComments(
      state.doc,
      comments.map((c) => (patch.has(c.id) ? { ...c, ...patch.get(c.id) } : c)),
    );
  if (selected) out.selectedNotes = [...selected];
  return out.doc || out.selectedNotes ? out : null;
}
