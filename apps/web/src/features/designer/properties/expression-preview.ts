import { compileExpression, describeExpressionError, isExpressionError } from '@flow/shared';

/** The components whose `expression` or `condition` the property panel previews (issue 17). */
export const PREVIEWED: Readonly<Record<string, 'expression' | 'condition'>> = {
  ExpressionCalculator: 'expression',
  ExpressionDataTransformer: 'expression',
  FilterCalculator: 'condition',
};

/** The most characters of a result shown; the rest is cut with an ellipsis. */
export const PREVIEW_MAX_CHARS = 400;

export type PreviewOutcome =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'passes' }
  | { readonly kind: 'filtered' }
  | { readonly kind: 'error'; readonly message: string; readonly position: number };

function truncate(text: string): string {
  return text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS)}…` : text;
}

function positionOf(error: unknown): number {
  const p = (error as { position?: unknown } | null)?.position;
  return typeof p === 'number' ? p : 0;
}

/**
 * An expression (or a filter's condition) evaluated on `input`, with the engine's own compiler
 * from @flow/shared: the value as JSON, whether the message passes, or the error and its position.
 */
export function previewExpression(
  text: string,
  input: unknown,
  field: 'expression' | 'condition',
): PreviewOutcome {
  const compiled = compileExpression(text);
  if (isExpressionError(compiled)) return { kind: 'error', ...compiled.error };
  let value: unknown;
  try {
    value = compiled.evaluate(input);
  } catch (error) {
    return { kind: 'error', message: describeExpressionError(error), position: positionOf(error) };
  }
  if (field === 'condition') {
    if (typeof value !== 'boolean') return { kind: 'error', message: 'not a boolean', position: 0 };
    return { kind: value ? 'passes' : 'filtered' };
  }
  if (value === undefined) return { kind: 'value', text: '(no value: nothing matched)' };
  return { kind: 'value', text: truncate(JSON.stringify(value)) };
}

/** The sample the analyst pasted, as JSON; the reason when it is not. */
export function parseSample(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'paste a sample message (JSON) to preview on' };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `the sample is not JSON: ${(error as Error).message}` };
  }
}

/** "2 s ago", "3 min ago": how old the last input is. */
export function ageText(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}
