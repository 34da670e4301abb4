import { describe, expect, it } from 'vitest';
import { pythonFloat } from './python-float';

// Each expected value is what CPython 3.11's float() gives (undefined: it raises).
describe('pythonFloat, as Python float()', () => {
  it.each([
    [5, 5],
    [-2.5, -2.5],
    [true, 1],
    [false, 0],
    [null, undefined],
    [undefined, undefined],
    [{}, undefined],
    [[1], undefined],
  ])('reads %o as %o', (value, expected) => {
    expect(pythonFloat(value)).toBe(expected);
  });

  it.each([
    ['5', 5],
    [' 2.5 ', 2.5],
    ['1e3', 1000],
    ['-3', -3],
    ['+1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['+.5e1', 5],
    ['5.e1', 50],
    ['1E+2', 100],
    ['1.5e-3', 0.0015],
    ['007', 7],
    ['-0', -0],
    ['1_000', 1000],
    ['0_0', 0],
    ['1e1_0', 1e10],
    ['12_3.4_5e6_7', 123.45e67],
    ['1e400', Infinity],
    ['-1e400', -Infinity],
    ['1e-400', 0],
    ['\t7\n', 7],
    ['\v1\f', 1],
    ['\x859\x85', 9],
    ['\u00a010', 10],
    ['1\u3000', 1],
    ['\u2028 1 \u2029', 1],
    ['١٢', 12],
    ['٣.٥', 3.5],
    ['١_٢', 12],
    ['𝟓', 5],
    ['inf', Infinity],
    ['INFINITY', Infinity],
    ['-Inf', -Infinity],
    ['+iNfInItY', Infinity],
  ])('reads the string %j as %d', (text, expected) => {
    expect(pythonFloat(text)).toBe(expected);
  });

  it.each(['nan', 'NaN', '+nan', '-nAn', ' nan '])('reads %j as NaN', (text) => {
    expect(pythonFloat(text)).toBeNaN();
  });

  it.each([
    '',
    '  ',
    'abc',
    '.',
    '1e',
    'e5',
    '.e5',
    '+',
    '-',
    '--1',
    '+-1',
    '- 1',
    '1 000',
    '1,5',
    '1.2.3',
    '1ee1',
    '1e+-1',
    '0x10',
    '0b1',
    '1__000',
    '_1',
    '1_',
    '1_.5',
    '1._5',
    '1e_1',
    '1.5_',
    'infinit',
    'infinityy',
    'in f',
    'infe0',
    'NaN1',
    '\x1c8\x1f',
    '\ufeff11',
    '\u200b12',
    '½',
    '²',
    'Ⅻ',
    '1\0',
  ])('refuses the string %j', (text) => {
    expect(pythonFloat(text)).toBeUndefined();
  });
});
