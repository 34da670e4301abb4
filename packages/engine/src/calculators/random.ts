import type { CalculatorConfig } from '@flow/shared';
import type { Message } from '../message';

/**
 * RandomCalculator: its input with a random number as `output_attribute`, from `min` to `max`
 * (`max` left out), or a whole number from `min` to `max`, both included, when `integer` is set.
 * With a `seed` the numbers come from mulberry32: the same sequence each time the DAG is loaded
 * (the engine builds its calculators then; a stop and start goes on with the sequence); without
 * one, from Math.random. With `counter_attribute`, the count of its calculations (1, 2, 3...) is set
 * too, as the original system's RandomCalculator sets `counter`.
 */
export function random(config: CalculatorConfig<'RandomCalculator'>): (input: Message) => Message {
  const { output_attribute: output, counter_attribute: counter, min, max, integer, seed } = config;
  const next = seed === undefined ? Math.random : mulberry32(seed);
  let draw: () => number;
  if (integer) {
    const low = Math.ceil(min);
    const high = Math.floor(max);
    const pick = uniform(low, high + 1);
    draw = () => Math.min(high, Math.floor(pick(next())));
  } else {
    const pick = uniform(min, max);
    draw = () => Math.min(max, pick(next()));
  }
  if (counter === undefined) return (input) => ({ ...input, [output]: draw() });
  let count = 0;
  return (input) => ({ ...input, [output]: draw(), [counter]: ++count });
}

/** From `r` in [0, 1), a number from `low` towards `high`; finite even when `high - low` is not. */
function uniform(low: number, high: number): (r: number) => number {
  const span = high - low;
  return Number.isFinite(span) ? (r) => low + r * span : (r) => (1 - r) * low + r * high;
}

/**
 * mulberry32: a small, fast 32-bit PRNG of good quality for tests and simulations (not for
 * secrets). Every safe integer is a seed: its high bits are folded into the 32-bit state.
 */
export function mulberry32(seed: number): () => number {
  let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 0x1_0000_0000) | 0, 0x9e3779b9);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
