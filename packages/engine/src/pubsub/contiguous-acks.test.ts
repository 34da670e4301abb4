import { describe, expect, it } from 'vitest';
import { ContiguousAcks } from './contiguous-acks';

describe('ContiguousAcks', () => {
  it('advances only over acknowledgements contiguous in delivery order', () => {
    const acks = new ContiguousAcks<bigint>();
    const [a, b, c] = [acks.push(10n), acks.push(12n), acks.push(20n)];
    expect(acks.advance()).toBeUndefined();
    b!();
    expect(acks.advance()).toBeUndefined(); // 10 is not acknowledged yet
    a!();
    expect(acks.advance()).toBe(12n);
    expect(acks.advance()).toBeUndefined(); // nothing new
    c!();
    expect(acks.advance()).toBe(20n);
  });

  it('tells whether an acknowledgement is the first', () => {
    const acks = new ContiguousAcks<string>();
    const ack = acks.push('7');
    expect(ack()).toBe(true);
    expect(ack()).toBe(false);
    expect(acks.advance()).toBe('7');
  });

  it('keeps its place across many positions, acknowledged out of order', () => {
    const acks = new ContiguousAcks<string>();
    const all = Array.from({ length: 5_000 }, (_, i) => acks.push(String(i)));
    for (let i = 0; i < 3_000; i++) all[i]!();
    expect(acks.advance()).toBe('2999');
    all[4_999]!();
    expect(acks.advance()).toBeUndefined();
    for (let i = 3_000; i < 4_999; i++) all[i]!();
    const later = acks.push('5000');
    expect(acks.advance()).toBe('4999');
    later();
    expect(acks.advance()).toBe('5000');
  });
});
