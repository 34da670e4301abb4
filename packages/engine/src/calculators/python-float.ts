/**
 * A value as Python's `float()` reads it, for the calculators that compute as the original system
 * (DishtaYantra) does: a number as it is, a boolean as 1 or 0, a string by Python's grammar;
 * `undefined` for anything `float()` refuses (null, objects, arrays, "abc", "").
 *
 * The strings `float()` accepts, checked against CPython 3.11: surrounding whitespace (its own
 * set, below, which is not JavaScript's `trim()`: U+0085 is space, U+FEFF and U+001C..U+001F are
 * not); an optional sign; then `inf`, `infinity` or `nan` in any case, or a decimal number with
 * an optional exponent where single underscores may stand between digits (`1_000`, `1e1_0`);
 * digits of any script (`"١٢"` is 12). No hex, no inner spaces, no empty mantissa (`"."`, `"1e"`).
 */
export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parseFloatString(value);
  return undefined;
}

const space =
  '[\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const surroundingSpace = new RegExp(`^${space}+|${space}+$`, 'g');
const digits = '[0-9](?:_?[0-9])*';
const decimal = new RegExp(
  `^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`,
);
const special = /^([+-]?)(?:(inf|infinity)|nan)$/i;
const nonAscii = /[^\0-\x7f]/;
const scriptDigit = /\p{Nd}/gu;
const isScriptDigit = /^\p{Nd}$/u;

function parseFloatString(text: string): number | undefined {
  let s = text.replace(surroundingSpace, '');
  if (nonAscii.test(s)) s = s.replace(scriptDigit, asciiDigit);
  if (decimal.test(s)) return Number(s.includes('_') ? s.replaceAll('_', '') : s);
  const match = special.exec(s);
  if (match === null) return undefined;
  if (match[2] === undefined) return Number.NaN;
  return match[1] === '-' ? -Infinity : Infinity;
}

/**
 * The ASCII digit of a decimal digit of any script. Unicode encodes each script's digits 0 to 9
 * as one contiguous run, so the digits just before this one in its run count its value.
 */
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0) as number;
  let before = 0;
  while (isScriptDigit.test(String.fromCodePoint(code - before - 1))) before++;
  return String(before % 10);
}
