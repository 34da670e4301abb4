import jsonata from 'jsonata';
import { BAIL, compileFast, type Evaluate } from './expression-fast';

/**
 * JSONata expressions (issue 17), written once for the engine and the browser's preview.
 *
 * `jsonata` 1.8: its `evaluate` is synchronous, as calculators are (2.x returns a Promise). An
 * expression sees its input and JSONata's own functions only: no binding of ours is given.
 */

export interface CompiledExpression {
  /** The value of the expression on `input`; throws JSONata's error (`code`, `position`). */
  evaluate(input: unknown): unknown;
  /** Whether the expression compiled to the fast path (see expression-fast.ts). */
  readonly fast: boolean;
}

export interface ExpressionError {
  readonly message: string;
  /** Where in the expression, counted in characters from 1 as JSONata does; 0 when unknown. */
  readonly position: number;
}

export interface CompileFailure {
  readonly error: ExpressionError;
}

export type CompileResult = CompiledExpression | CompileFailure;

/** The most expressions kept compiled; the oldest is dropped past it. */
export const EXPRESSION_CACHE_SIZE = 500;
const cache = new Map<string, CompileResult>();

interface JsonataFailure {
  message?: unknown;
  position?: unknown;
}

function failure(error: unknown): ExpressionError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as JsonataFailure;
  return {
    message: typeof e.message === 'string' ? e.message : String(error),
    position: typeof e.position === 'number' ? e.position : 0,
  };
}

/** `{ error }` results, told from a compiled expression. */
export function isExpressionError(result: CompileResult): result is CompileFailure {
  return 'error' in result;
}

/** An error of an evaluation as one line: JSONata's message, with the position when it has one. */
export function describeExpressionError(error: unknown): string {
  const { message, position } = failure(error);
  return position > 0 ? `${message} (at position ${position})` : message;
}

/**
 * Compiles an expression, the JSONata way and, for the common subset, to plain closures.
 * `options.fast: false` leaves the fast path out (tests compare both). Results are cached by
 * text (bounded, EXPRESSION_CACHE_SIZE).
 */
export function compileExpression(text: string, options: { fast?: boolean } = {}): CompileResult {
  const useFast = options.fast !== false;
  const key = `${useFast ? 'f' : 's'}${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = compileUncached(text, useFast);
  if (cache.size >= EXPRESSION_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

function compileUncached(text: string, useFast: boolean): CompileResult {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text);
  } catch (error) {
    return { error: failure(error) };
  }
  const slow: Evaluate = (input) => expression.evaluate(input) as unknown;
  const fast = useFast ? compileFast(expression.ast()) : undefined;
  if (!fast) return { evaluate: slow, fast: false };
  return {
    fast: true,
    evaluate(input) {
      try {
        return fast(input);
      } catch (error) {
        if (error === BAIL) return slow(input);
        throw error;
      }
    },
  };
}

/** The problem with an expression's text, as a message naming the position; undefined if it compiles. */
export function expressionProblem(text: string): string | undefined {
  const result = compileExpression(text);
  if (!isExpressionError(result)) return undefined;
  const { message, position } = result.error;
  return `${message} (at position ${position})`;
}
