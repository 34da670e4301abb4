/**
 * The fast path of expressions: the common subset of a JSONata AST (paths of plain names,
 * literals, arithmetic, comparisons, `and`/`or`, `? :`, object constructors with literal keys,
 * `&`) compiled into plain JavaScript closures, read from `jsonata(text).ast()`.
 *
 * A closure computes exactly what JSONata's evaluator would for the inputs it handles; for any
 * other input (an array on a path, arithmetic on a non-number, a comparison of mixed types...)
 * it throws `BAIL` and the caller evaluates the expression with JSONata instead, which gives its
 * own result or error. An AST outside the subset compiles to undefined: JSONata evaluates it.
 */

export type Evaluate = (input: unknown) => unknown;
type Closure = (input: Readonly<Record<string, unknown>>) => unknown;

/** Thrown by a fast closure for an input it leaves to JSONata. */
export const BAIL: unique symbol = Symbol('bail to jsonata');

function bail(): never {
  throw BAIL;
}

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A node with no fields beyond these: anything more (predicates, stages, focus...) is not ours. */
function only(node: Node, ...keys: string[]): boolean {
  return Object.keys(node).every((k) => k === 'type' || k === 'position' || keys.includes(k));
}

/** A finite number, as JSONata's arithmetic takes it; anything else (an error, or undefined) bails. */
function operand(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return bail();
}

/** JSONata's truthiness (`$boolean`) for values that are not arrays, objects or functions. */
function truthy(value: unknown): boolean {
  switch (typeof value) {
    case 'undefined':
      return false;
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    default:
      return value === null ? false : bail();
  }
}

/** JSONata's `$string` of a value as `&` makes it; undefined is ''. */
function text(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return '';
    case 'string':
      return value;
    case 'boolean':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : bail();
    default:
      return value === null ? 'null' : bail();
  }
}

const arithmetic: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

const ordering: Readonly<Record<string, (a: number | string, b: number | string) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** A path of names: own properties of objects only; an array anywhere is JSONata's (it maps). */
function path(steps: unknown): Closure | undefined {
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  const names: string[] = [];
  for (const step of steps) {
    if (!isNode(step) || step.type !== 'name' || !only(step, 'value')) return undefined;
    if (typeof step.value !== 'string') return undefined;
    names.push(step.value);
  }
  const lookup = (value: unknown, name: string): unknown => {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) return bail();
    const found = Object.hasOwn(value, name) ? (value as Node)[name] : undefined;
    if (Array.isArray(found) || typeof found === 'function') return bail();
    return found;
  };
  if (names.length === 1) {
    const name = names[0] as string;
    return (input) => lookup(input, name);
  }
  return (input) => {
    let value: unknown = input;
    for (const name of names) {
      value = lookup(value, name);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

function binary(op: unknown, lhs: Closure, rhs: Closure): Closure | undefined {
  if (typeof op !== 'string') return undefined;
  const math = arithmetic[op];
  if (Object.hasOwn(arithmetic, op) && math) {
    return (input) => {
      const a = operand(lhs(input));
      const b = operand(rhs(input));
      return a === undefined || b === undefined ? undefined : math(a, b);
    };
  }
  const order = ordering[op];
  if (Object.hasOwn(ordering, op) && order) {
    return (input) => {
      const a = lhs(input);
      const b = rhs(input);
      if (
        (typeof a === 'number' && typeof b === 'number') ||
        (typeof a === 'string' && typeof b === 'string')
      )
        return order(a, b);
      return bail();
    };
  }
  switch (op) {
    case '=':
    case '!=': {
      const equal = op === '=';
      return (input) => {
        const a = lhs(input);
        const b = rhs(input);
        if (a === undefined || b === undefined) return false;
        if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null))
          return bail();
        return (a === b) === equal;
      };
    }
    case 'and':
      return (input) => truthy(lhs(input)) && truthy(rhs(input));
    case 'or':
      return (input) => truthy(lhs(input)) || truthy(rhs(input));
    case '&':
      return (input) => text(lhs(input)) + text(rhs(input));
    default:
      return undefined;
  }
}

/** `{"k": expr, ...}` with distinct literal keys; a value that is undefined leaves its key out. */
function object(pairs: unknown): Closure | undefined {
  if (!Array.isArray(pairs)) return undefined;
  const keys: string[] = [];
  const values: Closure[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [key, value] = pair as unknown[];
    if (!isNode(key) || key.type !== 'string' || typeof key.value !== 'string') return undefined;
    if (keys.includes(key.value) || key.value === '__proto__') return undefined;
    const compiled = compile(value);
    if (!compiled) return undefined;
    keys.push(key.value);
    values.push(compiled);
  }
  return (input) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = (values[i] as Closure)(input);
      if (value !== undefined) result[keys[i] as string] = value;
    }
    return result;
  };
}

/** One AST node as a closure, or undefined when it is outside the fast subset. */
function compile(node: unknown): Closure | undefined {
  if (!isNode(node)) return undefined;
  switch (node.type) {
    case 'number':
    case 'string':
    case 'value': {
      const value = node.value;
      if (!only(node, 'value')) return undefined;
      if (
        typeof value !== 'number' &&
        typeof value !== 'string' &&
        typeof value !== 'boolean' &&
        value !== null
      )
        return undefined;
      return () => value;
    }
    case 'path':
      return only(node, 'steps') ? path(node.steps) : undefined;
    case 'binary': {
      if (!only(node, 'value', 'lhs', 'rhs')) return undefined;
      const lhs = compile(node.lhs);
      const rhs = compile(node.rhs);
      return lhs && rhs ? binary(node.value, lhs, rhs) : undefined;
    }
    case 'condition': {
      if (!only(node, 'condition', 'then', 'else')) return undefined;
      const condition = compile(node.condition);
      const then = compile(node.then);
      if (!condition || !then) return undefined;
      if (node.else === undefined)
        return (input) => (truthy(condition(input)) ? then(input) : undefined);
      const otherwise = compile(node.else);
      if (!otherwise) return undefined;
      return (input) => (truthy(condition(input)) ? then(input) : otherwise(input));
    }
    case 'unary': {
      if (node.value === '{' && only(node, 'value', 'lhs')) return object(node.lhs);
      if (node.value !== '-' || !only(node, 'value', 'expression')) return undefined;
      const expression = compile(node.expression);
      if (!expression) return undefined;
      return (input) => {
        const value = operand(expression(input));
        return value === undefined ? undefined : -value;
      };
    }
    case 'block': {
      const expressions = node.expressions;
      if (!only(node, 'expressions') || !Array.isArray(expressions) || expressions.length !== 1)
        return undefined;
      return compile(expressions[0]);
    }
    default:
      return undefined;
  }
}

/**
 * The fast closure of a parsed expression, or undefined when any part of it is outside the
 * subset. It takes only a plain object as input (a message); any other input bails.
 */
export function compileFast(ast: unknown): Evaluate | undefined {
  const closure = compile(ast);
  if (!closure) return undefined;
  return (input) => (isNode(input) ? closure(input) : bail());
}
