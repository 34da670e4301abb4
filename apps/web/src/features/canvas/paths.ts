/** Paths grouped by colour (or kind): one fill or stroke per group, not one per shape. */

/** The path of `key` in `paths`, made on first use. */
export function pathOf<K>(paths: Map<K, Path2D>, key: K): Path2D {
  let path = paths.get(key);
  if (!path) paths.set(key, (path = new Path2D()));
  return path;
}

export function fillWith(ctx: CanvasRenderingContext2D, path: Path2D, colour: string): void {
  ctx.fillStyle = colour;
  ctx.fill(path);
}

export function strokeWith(
  ctx: CanvasRenderingContext2D,
  path: Path2D,
  colour: string,
  width: number,
): void {
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.stroke(path);
}
