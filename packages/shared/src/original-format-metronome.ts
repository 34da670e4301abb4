import type { Parsed } from './config-walk';
import { MAX_TIMER_MS } from './limits';

/**
 * The original system's metronomes in its file format, converted into ours (issue 15); called by
 * convertOriginalFormat (original-format.ts). Both take `interval` in seconds (ours
 * `interval_ms`).
 * - Its metronome subscriber sends `{"message": M, "current_timestamp": "YYYYMMDDHHMMSS"}`, M
 *   its `message` ("tick" when not given): ours sends that form when `message` is set, so the
 *   converted config always sets it.
 * - Its MetronomeNode ticks once as it starts and then every interval; each tick takes the next
 *   message of its own `subscriber`, if any, and emits the message taken last (or `{}`) with
 *   `"metronome_tick"`, its tick count from 0: ours does with `"emits": "metronome_tick"`. Its `interval` defaults to 1 second; it takes
 *   input and output transformers but never applies them (warned about, left out).
 */

/** Where the conversion reports and how it maps a converted place back to the original. */
export interface MetronomeConversion {
  warn(segments: readonly PropertyKey[], message: string): void;
  refuse(
    segments: readonly PropertyKey[],
    code: 'conflicting_keys' | 'invalid_value',
    message: string,
  ): void;
  rename(to: readonly PropertyKey[], from: readonly PropertyKey[]): void;
}

/** What the original's metronome subscriber sends when its config gives no `message`. */
export const ORIGINAL_METRONOME_MESSAGE = 'tick';
/** The original's MetronomeNode interval when its config gives none, in seconds. */
const ORIGINAL_NODE_INTERVAL_S = 1;

/** The config of a subscriber whose source is `metronome`, in our form. */
export function convertMetronomeSubscriber(
  config: Parsed,
  at: readonly PropertyKey[],
  c: MetronomeConversion,
): Parsed {
  const result = convertInterval(config, at, c);
  if (!Object.hasOwn(config, 'message')) result.message = ORIGINAL_METRONOME_MESSAGE;
  return result;
}

/** Transformers the original's MetronomeNode takes but never applies. */
const UNAPPLIED = ['input_transformers', 'output_transformers'] as const;

/**
 * The config of a MetronomeNode, in our form. `node` is the node as the original file gives it
 * (its components beside `config` or in it), `at` the place of its config.
 */
export function convertMetronomeNode(
  config: Parsed,
  at: readonly PropertyKey[],
  c: MetronomeConversion,
  node: Parsed = {},
): Parsed {
  const given = Object.hasOwn(config, 'interval') || Object.hasOwn(config, 'interval_ms');
  const {
    input_transformers: _input,
    output_transformers: _output,
    ...applied
  } = convertInterval(given ? config : { ...config, interval: ORIGINAL_NODE_INTERVAL_S }, at, c);
  const result: Parsed = applied;
  if (Object.hasOwn(config, 'message')) {
    delete result.message;
    c.warn(
      [...at, 'message'],
      'message is ignored: a MetronomeNode of the original system does not send it either ' +
        '(its metronome subscriber does)',
    );
  }
  for (const key of UNAPPLIED) {
    if (!Object.hasOwn(config, key)) continue;
    c.warn(
      Object.hasOwn(node, key) ? [...at.slice(0, -1), key] : [...at, key],
      `${key} is ignored: a MetronomeNode of the original system does not apply them`,
    );
  }
  if (!Object.hasOwn(config, 'emits')) result.emits = 'metronome_tick';
  return result;
}

/** `interval` in seconds as `interval_ms`. */
function convertInterval(
  config: Parsed,
  at: readonly PropertyKey[],
  c: MetronomeConversion,
): Parsed {
  const result: Parsed = { ...config };
  if (!Object.hasOwn(config, 'interval')) return result;
  delete result.interval;
  const seconds = config.interval;
  // What is said of interval_ms (missing when interval is refused) is said of interval.
  if (!Object.hasOwn(config, 'interval_ms')) c.rename([...at, 'interval_ms'], [...at, 'interval']);
  if (Object.hasOwn(config, 'interval_ms')) {
    c.refuse(
      [...at, 'interval'],
      'conflicting_keys',
      'interval (seconds) and interval_ms are both given: keep one',
    );
  } else if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    c.refuse([...at, 'interval'], 'invalid_value', 'interval must be a number of seconds above 0');
  } else if (seconds < 0.001 || seconds * 1000 > MAX_TIMER_MS) {
    // Not rounded up to 1 ms (a flood the file did not ask for), nor past a timer's range.
    c.refuse(
      [...at, 'interval'],
      'invalid_value',
      `interval must be from 0.001 to ${Math.floor(MAX_TIMER_MS / 1000)} seconds (about 24 days)`,
    );
  } else {
    result.interval_ms = Math.max(1, Math.round(seconds * 1000));
  }
  return result;
}
