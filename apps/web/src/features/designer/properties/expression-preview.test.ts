import { describe, expect, it } from 'vitest';
import { ageText, parseSample, previewExpression, PREVIEW_MAX_CHARS } from './expression-preview';

describe('the property panel previews an expression', () => {
  it('computes the value on the input', () => {
    expect(previewExpression('price * quantity', { price: 2, quantity: 3 }, 'expression')).toEqual({
      kind: 'value',
      text: '6',
    });
    expect(
      previewExpression('{"total": $sum(items.n)}', { items: [{ n: 1 }, { n: 2 }] }, 'expression'),
    ).toEqual({ kind: 'value', text: '{"total":3}' });
  });

  it('names a compile error and its position', () => {
    const outcome = previewExpression('price * ', { price: 2 }, 'expression');
    expect(outcome.kind).toBe('error');
    if (outcome.kind === 'error') expect(outcome.position).toBeGreaterThan(0);
  });

  it('tells an evaluation error, with its position', () => {
    const outcome = previewExpression('$sum("a")', {}, 'expression');
    expect(outcome).toMatchObject({ kind: 'error' });
  });

  it('says when nothing matched', () => {
    expect(previewExpression('missing', { a: 1 }, 'expression')).toEqual({
      kind: 'value',
      text: '(no value: nothing matched)',
    });
  });

  it('cuts a long result', () => {
    const outcome = previewExpression('text', { text: 'x'.repeat(1000) }, 'expression');
    expect(outcome.kind === 'value' && outcome.text.length).toBe(PREVIEW_MAX_CHARS + 1);
  });

  it('tells a filter passes, filters or yields no boolean', () => {
    expect(previewExpression('sum > 0', { sum: 1 }, 'condition')).toEqual({ kind: 'passes' });
    expect(previewExpression('sum > 0', { sum: -1 }, 'condition')).toEqual({ kind: 'filtered' });
    expect(previewExpression('sum', { sum: 1 }, 'condition')).toEqual({
      kind: 'error',
      message: 'not a boolean',
      position: 0,
    });
  });
});

describe('the sample and the age of the last input', () => {
  it('parses a sample or says why not', () => {
    expect(parseSample('{"a": 1}')).toEqual({ value: { a: 1 } });
    expect(parseSample('{a')).toHaveProperty('error');
    expect(parseSample('  ')).toHaveProperty('error');
  });
  it('says how old', () => {
    expect(ageText(0, 2_000)).toBe('2 s ago');
    expect(ageText(0, 180_000)).toBe('3 min ago');
  });
});
