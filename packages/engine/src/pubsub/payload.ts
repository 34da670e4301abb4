import { errorMessage } from '../errors';
import { isMessage, nestsTooDeep, preview, TOO_DEEP_REASON } from '../message';
import type { Ack, SubscriberSink } from './types';

/**
 * Parses a payload as received from a source and delivers it as a message, or, when it is not a
 * JSON object (or nests deeper than MAX_JSON_DEPTH), rejects it with a reason, a preview and where
 * it came from. Every adapter that reads text uses this, so that bad payloads are reported alike
 * everywhere.
 */
export function deliverPayload(sink: SubscriberSink, raw: string, origin: string, ack?: Ack): void {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    sink.reject(
      { reason: `not JSON: ${errorMessage(error)}`, preview: preview(raw), origin, raw },
      ack,
    );
    return;
  }
  if (isMessage(value)) {
    if (nestsTooDeep(value))
      sink.reject({ reason: TOO_DEEP_REASON, preview: preview(raw), origin, raw }, ack);
    else sink.deliver(value, ack);
  } else {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    sink.reject({ reason: `not a JSON object (${kind})`, preview: preview(raw), origin, raw }, ack);
  }
}
