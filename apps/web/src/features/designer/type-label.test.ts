import { describe, expect, it } from 'vitest';
import { typeLabel } from './type-label';

describe('a type as a user reads it', () => {
  it('names node types as what they are', () => {
    expect(typeLabel('SubscriptionNode')).toBe('Subscriber');
    expect(typeLabel('PublisherSinkNode')).toBe('Publisher sink');
    expect(typeLabel('MetronomeNode')).toBe('Metronome');
  });

  it('drops the Calculator or Transformer suffix and spaces the words', () => {
    expect(typeLabel('AdditionCalculator')).toBe('Addition');
    expect(typeLabel('AttributeNameChangeCalculator')).toBe('Attribute name change');
    expect(typeLabel('JSONPathDataTransformer')).toBe('JSON path');
  });

  it('shows an address scheme as one, and keeps what it cannot read', () => {
    expect(typeLabel('kafka')).toBe('kafka://');
    expect(typeLabel('Calculator')).toBe('Calculator');
    expect(typeLabel('constructor')).toBe('constructor://');
  });
});
