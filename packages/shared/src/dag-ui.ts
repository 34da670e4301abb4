import { z } from 'zod';
import { atMost } from './names';

/**
 * The designer's own part of a DAG config (`ui`): node positions, comments on the canvas and
 * groups of nodes. The engine never reads it; the server checks its shape on save, bounded.
 */

export const MAX_UI_ITEMS = 500;
export const MAX_COMMENT_TEXT = 2_000;
export const MAX_GROUP_TITLE = 200;
/** The colours a group can have (Mantine palette names, so the canvas can theme them). */
export const GROUP_COLORS = [
  'gray',
  'blue',
  'teal',
  'green',
  'yellow',
  'orange',
  'red',
  'grape',
] as const;
export type GroupColor = (typeof GROUP_COLORS)[number];

const id = z.string().min(1).max(64, atMost(64));
const coordinate = z.number().min(-1e7).max(1e7);
const extent = z.number().min(20).max(10_000).optional();

/** A plain-text note on the canvas, at a place of the flow's coordinates. */
export const commentSchema = z.strictObject({
  id,
  text: z.string().max(MAX_COMMENT_TEXT, atMost(MAX_COMMENT_TEXT)),
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
});
export type CanvasComment = z.infer<typeof commentSchema>;

/** Nodes drawn together in a titled, coloured rectangle; `nodes` are node names. */
export const groupSchema = z.strictObject({
  id,
  title: z.string().max(MAX_GROUP_TITLE, atMost(MAX_GROUP_TITLE)),
  color: z.enum(GROUP_COLORS, { error: `must be one of ${GROUP_COLORS.join(', ')}` }),
  nodes: z.array(z.string().max(200)).max(10_000),
});
export type NodeGroup = z.infer<typeof groupSchema>;

/** `ui`: comments and groups checked, anything else (positions, a tool's own keys) kept as is. */
export const uiSchema = z.looseObject({
  comments: z
    .array(commentSchema)
    .max(MAX_UI_ITEMS, { error: `at most ${MAX_UI_ITEMS} comments` })
    .optional(),
  groups: z
    .array(groupSchema)
    .max(MAX_UI_ITEMS, { error: `at most ${MAX_UI_ITEMS} groups` })
    .optional(),
});
export type DagUi = z.infer<typeof uiSchema>;
