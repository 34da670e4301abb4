import type { Node, XYPosition } from '@xyflow/react';
import type { CanvasComment, GroupColor, NodeGroup } from '@flow/shared';
import { boxOf } from './placement';
import { withoutSelection } from './edits';
import type { DagDoc, EditorGraph, FlowNode } from './model';

/**
 * Comments and groups on the canvas: kept in the config's `ui` (shared/dag-ui.ts), so saved,
 * exported and undone with the rest of the document. On the canvas they are React Flow nodes of
 * their own types, with ids no DAG node can have (a colon), never DAG nodes.
 */

export const NOTE_PREFIX = 'note:';
export const GROUP_PREFIX = 'group:';
export const noteNodeId = (id: string) => `${NOTE_PREFIX}${id}`;
export const groupNodeId = (id: string) => `${GROUP_PREFIX}${id}`;
export const isAnnotationId = (id: string) =>
  id.startsWith(NOTE_PREFIX) || id.startsWith(GROUP_PREFIX);

/** A comment's size when the user has not set one. */
export const COMMENT_SIZE = { width: 220, height: 90 } as const;
/** Space between a group's rectangle and its members; the title bar above them. */
export const GROUP_PAD = 16;
export const GROUP_TITLE = 28;

export interface CommentData extends Record<string, unknown> {
  comment: CanvasComment;
  /** Whether the canvas can be edited (the comment can be written in, moved, resized). */
  editable: boolean;
}
export interface GroupData extends Record<string, unknown> {
  group: NodeGroup;
  editable: boolean;
}
export type CommentNode = Node<CommentData, 'comment'>;
export type GroupNode = Node<GroupData, 'nodegroup'>;
/** Every node React Flow gets from the designer. */
export type CanvasNode = FlowNode | CommentNode | GroupNode;

const listOf = <T>(doc: Pick<DagDoc, 'ui'>, key: 'comments' | 'groups'): T[] => {
  const list = doc.ui?.[key];
  return Array.isArray(list) ? (list as T[]) : [];
};
export const commentsOf = (doc: Pick<DagDoc, 'ui'>) => listOf<CanvasComment>(doc, 'comments');
export const groupsOf = (doc: Pick<DagDoc, 'ui'>) => listOf<NodeGroup>(doc, 'groups');

/** `doc` with its `ui` list `key` replaced (left out when empty, as an import without it had). */
function withList(doc: DagDoc, key: 'comments' | 'groups', list: readonly unknown[]): DagDoc {
  const { [key]: _old, ...rest } = doc.ui ?? {};
  const ui = list.length ? { ...rest, [key]: list } : rest;
  const keys = doc.keys.includes('ui') ? doc.keys : [...doc.keys, 'ui'];
  return { ...doc, ui, keys };
}
export const withComments = (doc: DagDoc, comments: readonly CanvasComment[]) =>
  withList(doc, 'comments', comments);
export const withGroups = (doc: DagDoc, groups: readonly NodeGroup[]) =>
  withList(doc, 'groups', groups);

/** An id not yet used by any comment or group: `c1`, `c2`… or `g1`… */
export function freshId(doc: DagDoc, prefix: 'c' | 'g'): string {
  const taken = new Set([...commentsOf(doc), ...groupsOf(doc)].map((x) => x.id));
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

export function withNewComment(
  doc: DagDoc,
  at: XYPosition,
  text = '',
): { doc: DagDoc; id: string } {
  const id = freshId(doc, 'c');
  const comment: CanvasComment = { id, text, x: Math.round(at.x), y: Math.round(at.y) };
  return { doc: withComments(doc, [...commentsOf(doc), comment]), id };
}

export const withCommentChanged = (
  doc: DagDoc,
  id: string,
  patch: Partial<Omit<CanvasComment, 'id'>>,
): DagDoc =>
  withComments(
    doc,
    commentsOf(doc).map((c) => (c.id === id ? { ...c, ...patch } : c)),
  );

/** A new group of `names` (nodes in another group leave it: a node is in one group at most). */
export function withNewGroup(
  doc: DagDoc,
  names: readonly string[],
  title = 'Group',
  color: GroupColor = 'blue',
): { doc: DagDoc; id: string } {
  const id = freshId(doc, 'g');
  const members = new Set(names);
  const others = groupsOf(doc)
    .map((g) => ({ ...g, nodes: g.nodes.filter((n) => !members.has(n)) }))
    .filter((g) => g.nodes.length > 0);
  return { doc: withGroups(doc, [...others, { id, title, color, nodes: [...names] }]), id };
}

export const withGroupChanged = (
  doc: DagDoc,
  id: string,
  patch: Partial<Pick<NodeGroup, 'title' | 'color'>>,
): DagDoc =>
  withGroups(
    doc,
    groupsOf(doc).map((g) => (g.id === id ? { ...g, ...patch } : g)),
  );

export const withoutGroup = (doc: DagDoc, id: string): DagDoc =>
  withGroups(
    doc,
    groupsOf(doc).filter((g) => g.id !== id),
  );

/** Groups keep only nodes that still exist; a group left empty goes. */
export function withGroupsPruned(doc: DagDoc, nodes: readonly FlowNode[]): DagDoc {
  const groups = groupsOf(doc);
  if (groups.length === 0) return doc;
  const names = new Set(nodes.map((n) => n.id));
  const pruned = groups
    .map((g) =>
      g.nodes.every((n) => names.has(n)) ? g : { ...g, nodes: g.nodes.filter((n) => names.has(n)) },
    )
    .filter((g) => g.nodes.length > 0);
  return pruned.length === groups.length && pruned.every((g, i) => g === groups[i])
    ? doc
    : withGroups(doc, pruned);
}

/** Node `from` renamed `to` in the groups. */
export function withGroupMemberRenamed(doc: DagDoc, from: string, to: string): DagDoc {
  const groups = groupsOf(doc);
  if (!groups.some((g) => g.nodes.includes(from))) return doc;
  return withGroups(
    doc,
    groups.map((g) => ({ ...g, nodes: g.nodes.map((n) => (n === from ? to : n)) })),
  );
}

/**
 * The graph without the selected nodes, edges and comments (`selectedNotes`, comment ids), its
 * groups without the deleted nodes; null when nothing is selected.
 */
export function withoutSelectionAndNotes(
  graph: EditorGraph,
  selectedNotes: readonly string[],
): EditorGraph | null {
  const next = withoutSelection(graph);
  const comments = commentsOf(graph.doc);
  const kept = comments.filter((c) => !selectedNotes.includes(c.id));
  if (!next && kept.length === comments.length) return null;
  const base = next ?? graph;
  const doc = kept.length === comments.length ? base.doc : withComments(base.doc, kept);
  return { ...base, doc: withGroupsPruned(doc, base.nodes) };
}

/** The rectangle of a group around its members (null when none of them is on the canvas). */
export function groupBox(
  group: NodeGroup,
  byName: ReadonlyMap<string, FlowNode>,
): { x: number; y: number; width: number; height: number } | null {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const name of group.nodes) {
    const n = byName.get(name);
    if (!n) continue;
    const b = boxOf(n);
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  if (left === Infinity) return null;
  return {
    x: left - GROUP_PAD,
    y: top - GROUP_PAD - GROUP_TITLE,
    width: right - left + 2 * GROUP_PAD,
    height: bottom - top + 2 * GROUP_PAD + GROUP_TITLE,
  };
}

/**
 * The canvas nodes of the comments and groups: groups behind everything (not selectable, not
 * draggable: they follow their members), comments draggable and selectable.
 */
export function annotationNodes(
  doc: Pick<DagDoc, 'ui'>,
  nodes: readonly FlowNode[],
  selectedNotes: readonly string[],
  editable: boolean,
): { behind: GroupNode[]; above: CommentNode[] } {
  const groups = groupsOf(doc);
  const comments = commentsOf(doc);
  const behind: GroupNode[] = [];
  if (groups.length) {
    const byName = new Map(nodes.map((n) => [n.id, n]));
    for (const group of groups) {
      const box = groupBox(group, byName);
      if (!box) continue;
      behind.push({
        id: groupNodeId(group.id),
        type: 'nodegroup',
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: { group, editable },
        draggable: false,
        selectable: false,
        focusable: false,
        zIndex: -1,
        style: { pointerEvents: 'none' },
      });
    }
  }
  const above = comments.map((comment): CommentNode => ({
    id: noteNodeId(comment.id),
    type: 'comment',
    position: { x: comment.x, y: comment.y },
    width: comment.width ?? COMMENT_SIZE.width,
    height: comment.height ?? COMMENT_SIZE.height,
    data: { comment, editable },
    draggable: editable,
    selectable: true,
    selected: selectedNotes.includes(comment.id),
  }));
  return { behind, above };
}
