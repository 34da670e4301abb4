import { compileExpression, describeExpressionError, isExpressionError } from '@flow/shared';
import { isMessage, type Message } from '../message';

/**
 * Thrown by a FilterCalculator whose condition is false: the message stops at its node, which
 * counts it as filtered (not an error). A constant, so that throwing it costs no stack trace.
 */
export const FILTERED: unique symbol = Symbol('filtered');

/** An expression compiled from a config that was validated (it compiles; see components.ts). */
function compiled(text: string): (input: Message) => unknown {
  const result = compileExpression(text);
  if (isExpressionError(result))
    throw new Error(
      `not a JSONata expression: ${result.error.message} (at position ${result.error.position})`,
    );
  const expression = result;
  return (input) => {
    try {
      return expression.evaluate(input);
    } catch (error) {
      throw new Error(`expression failed: ${describeExpressionError(error)}`);
    }
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

/**
 * ExpressionCalculator and ExpressionDataTransformer: the expression's value set as
 * `output_attribute` on the input (a missing value leaves the attribute out), or, without it,
 * the value itself as the message, which must then be an object.
 */
export function expressionStep(config: {
  expression: string;
  output_attribute?: string | undefined;
}): (input: Message) => Message {
  const evaluate = compiled(config.expression);
  const output = config.output_attribute;
  if (output !== undefined) {
    return (input) => {
      const value = evaluate(input);
      if (value !== undefined) return { ...input, [output]: value };
      if (!Object.hasOwn(input, output)) return input;
      const { [output]: _dropped, ...rest } = input;
      return rest;
    };
  }
  return (input) => {
    const value = evaluate(input);
    if (!isMessage(value))
      throw new Error(
        `the expression gave ${describe(value)}, not an object: without output_attribute its value is the message`,
      );
    // JSONata's own objects have no prototype: the message is a plain one, as every other is.
    return Object.getPrototypeOf(value) === null ? { ...value } : value;
  };
}

/** FilterCalculator: the input as is when the condition is true; FILTERED when false. */
export function filterStep(config: { condition: string }): (input: Message) => Message {
  const evaluate = compiled(config.condition);
  return (input) => {
    const value = evaluate(input);
    if (value === true) return input;
    if (value === false) throw FILTERED;
    throw new Error(
      `the condition gave ${describe(value)}, not true or false: the message is dropped`,
    );
  };
}
