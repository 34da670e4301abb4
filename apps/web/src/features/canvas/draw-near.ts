/**
 * Paints nodes near by (zoom at or above COMPACT_BELOW_ZOOM) as the full DOM node shows them
 * (designer.css `.dag-node`, DagNodeView's FullNode): what it is in small capitals (no icon), the problem
 * badge and the publish button in the head row, the name, the subtitle and, in the live view,
 * the live line (status dot, rate, compute count, errors, queue depth and drops, a connection
 * that is not up). Text is set with few font changes: one pass per kind of text over the nodes.
 */
import type { LiveLineText } from '../designer/node-text';
import { contains, type Point, type Rect } from './geometry';
import type { Palette } from './palette';
import type { LiveLook, SceneNode } from './scene';

// The full node's measures (designer.css, border-box), in flow pixels from its top left corner.
const LEFT = 4 + 10; // the kind stripe, then the padding
const RIGHT_PAD = 1 + 10; // the border, then the padding
const HEAD = { top: 7, height: 14 };
const NAME = { top: 21, height: 18 };
const SUB = { top: 39, height: 15 };
const LIVE = { rule: 58.5, top: 63, height: 16 };
const ITEM_GAP = 8;
const HEAD_GAP = 6;
const DOT = 8;

/** The publish button in the head row, at the right (a fixed width: the canvas sets its text). */
const BUTTON = { width: 58, height: 14, radius: 4 };

/** Where a node's publish button is (flow coordinates). */
export function publishButton(node: SceneNode): Rect {
  const { x, y, width } = node.rect;
  return {
    x: x + width - RIGHT_PAD - BUTTON.width,
    y: y + HEAD.top,
    width: BUTTON.width,
    height: BUTTON.height,
  };
}

/** Whether `point` (flow coordinates) is on the node's publish button. */
export function onPublishButton(node: SceneNode, point: Point): boolean {
  return node.publish && contains(publishButton(node), point);
}

/** Text cut to `maxWidth` with an ellipsis, as CSS `text-overflow` does: measured once. */
const fitted = new Map<string, string>();
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  const key = `${ctx.font}|${maxWidth}|${text}`;
  let shown = fitted.get(key);
  if (shown === undefined) {
    shown = text;
    if (ctx.measureText(text).width > maxWidth) {
      let n = text.length;
      while (n > 0 && ctx.measureText(`${text.slice(0, n)}…`).width > maxWidth) n--;
      shown = `${text.slice(0, n)}…`;
    }
    if (fitted.size > 20_000) fitted.clear();
    fitted.set(key, shown);
  }
  return shown;
}

const middle = (row: { top: number; height: number }) => row.top + row.height / 2;

/** Where the problem badge ends on the right: left of the publish button, if any. */
function badgeRight(n: SceneNode): number {
  const right = n.rect.x + n.rect.width - RIGHT_PAD;
  return n.publish ? right - BUTTON.width - HEAD_GAP : right;
}

/** The badge's width (the badge font set). */
const badgeWidth = (ctx: CanvasRenderingContext2D, n: SceneNode) =>
  ctx.measureText(String(n.problems)).width + 12;

/** The head row's right end, left of the button and the badge (where the kind label must stop). */
function headRight(ctx: CanvasRenderingContext2D, n: SceneNode, palette: Palette): number {
  if (n.problems === 0) return badgeRight(n);
  ctx.font = `700 10px ${palette.fontFamily}`;
  return badgeRight(n) - badgeWidth(ctx, n) - HEAD_GAP;
}

function drawHead(ctx: CanvasRenderingContext2D, nodes: readonly SceneNode[], palette: Palette) {
  const y = middle(HEAD);
  const rights = nodes.map((n) => headRight(ctx, n, palette));
  ctx.font = `700 10px ${palette.fontFamily}`;
  ctx.letterSpacing = '0.4px';
  nodes.forEach((n, i) => {
    ctx.fillStyle = palette.kinds[n.kind];
    const text = fitText(ctx, n.label.toUpperCase(), rights[i]! - (n.rect.x + LEFT));
    ctx.fillText(text, n.rect.x + LEFT, n.rect.y + y);
  });
  ctx.letterSpacing = '0px';
  // Problem badges: a red pill with the count.
  ctx.font = `700 10px ${palette.fontFamily}`;
  for (const n of nodes) {
    if (n.problems === 0) continue;
    const width = badgeWidth(ctx, n);
    const right = badgeRight(n);
    ctx.fillStyle = palette.problem;
    ctx.beginPath();
    ctx.roundRect(right - width, n.rect.y + HEAD.top, width, HEAD.height, 7);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.fillText(String(n.problems), right - width + 6, n.rect.y + y);
  }
  // Publish buttons.
  ctx.font = `10px ${palette.fontFamily}`;
  ctx.textAlign = 'center';
  for (const n of nodes) {
    if (!n.publish) continue;
    const b = publishButton(n);
    ctx.beginPath();
    ctx.roundRect(b.x + 0.5, b.y + 0.5, b.width - 1, b.height - 1, BUTTON.radius);
    ctx.fillStyle = palette.button;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = palette.border;
    ctx.stroke();
    ctx.fillStyle = palette.text;
    ctx.fillText('▶ publish', b.x + b.width / 2, b.y + b.height / 2);
  }
  ctx.textAlign = 'left';
}

/** One item of a live line: its text and its tone (errors red and bold, warnings orange). */
type Tone = 'plain' | 'error' | 'warning';
type Item = readonly [text: string, tone: Tone];

/** The live line's items as the DOM node shows them (DagNodeView's LiveLine), in its order. */
export function lineItems(line: LiveLineText): Item[] {
  const items: Item[] = [
    [`${line.rate}/s`, 'plain'],
    [`#${line.count}`, 'plain'],
  ];
  if (line.filtered !== null) items.push([`⊘${line.filtered}`, 'plain']);
  if (line.errors !== null) items.push([`✖ ${line.errors}`, 'error']);
  if (line.warnings !== null) items.push([`⚠ ${line.warnings}`, 'warning']);
  if (line.queue !== null) items.push([`q ${line.queue}`, 'plain']);
  if (line.drops !== null) items.push([`↓${line.drops}`, 'error']);
  if (line.connection !== null) items.push([line.connection, 'error']);
  return items;
}

function drawLiveLines(
  ctx: CanvasRenderingContext2D,
  nodes: readonly SceneNode[],
  look: LiveLook,
  palette: Palette,
) {
  // The dashed rule above the line.
  ctx.beginPath();
  for (const n of nodes) {
    ctx.moveTo(n.rect.x + LEFT, n.rect.y + LIVE.rule);
    ctx.lineTo(n.rect.x + n.rect.width - RIGHT_PAD, n.rect.y + LIVE.rule);
  }
  ctx.setLineDash([3, 3]);
  ctx.lineWidth = 1;
  ctx.strokeStyle = palette.border;
  ctx.stroke();
  ctx.setLineDash([]);

  const y = middle(LIVE);
  const plain = `12px ${palette.fontFamily}`;
  const bold = `600 12px ${palette.fontFamily}`;
  ctx.font = plain;
  for (const n of nodes) {
    const line = look.get(n.id)?.line;
    const left = n.rect.x + LEFT;
    const right = n.rect.x + n.rect.width - RIGHT_PAD;
    if (!line) {
      ctx.fillStyle = palette.dimmed;
      ctx.fillText(fitText(ctx, 'no live data', right - left), left, n.rect.y + y);
      continue;
    }
    const cy = n.rect.y + y;
    if (line.on) {
      ctx.beginPath();
      ctx.arc(left + DOT / 2, cy, DOT / 2 + 3, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = palette.on;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    ctx.arc(left + DOT / 2, cy, DOT / 2, 0, 2 * Math.PI);
    ctx.fillStyle = line.on ? palette.on : palette.idle;
    ctx.fill();
    let x = left + DOT + ITEM_GAP;
    for (const [text, tone] of lineItems(line)) {
      if (x >= right) break;
      ctx.font = tone === 'plain' ? plain : bold;
      ctx.fillStyle = tone === 'plain' ? palette.text : palette[tone];
      const shown = fitText(ctx, text, right - x);
      ctx.fillText(shown, x, cy);
      x += ctx.measureText(shown).width + ITEM_GAP;
    }
  }
}

/** The content of full nodes, over their boxes (drawn by draw.ts, as for the compact ones). */
export function drawNearContent(
  ctx: CanvasRenderingContext2D,
  nodes: readonly SceneNode[],
  { look, palette, live }: { look: LiveLook; palette: Palette; live: boolean },
): void {
  ctx.textBaseline = 'middle';
  drawHead(ctx, nodes, palette);
  ctx.font = `600 14px ${palette.fontFamily}`;
  ctx.fillStyle = palette.text;
  for (const n of nodes) {
    const width = n.rect.width - LEFT - RIGHT_PAD;
    ctx.fillText(fitText(ctx, n.id, width), n.rect.x + LEFT, n.rect.y + middle(NAME));
  }
  ctx.font = `12px ${palette.monoFamily}`;
  ctx.fillStyle = palette.dimmed;
  for (const n of nodes) {
    const width = n.rect.width - LEFT - RIGHT_PAD;
    ctx.fillText(fitText(ctx, n.subtitle, width), n.rect.x + LEFT, n.rect.y + middle(SUB));
  }
  if (live) drawLiveLines(ctx, nodes, look, palette);
}
