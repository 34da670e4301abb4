import { PayloadError } from '../errors';
import { nestsTooDeep, preview, TOO_DEEP_REASON, type Message } from '../message';
import type { SubscriberSink } from './types';

/**
 * Hands a test message to a running subscriber's node as if it had been read from the source,
 * without writing it into the source: a file or a table is the user's data, which a test message
 * must never change. One nested too deep is a rejected payload on the node, as a parsed one is.
 * Not running (no sink): refused with a reason, since there is no node to hand it to.
 */
export function deliverTestMessage(
  sink: SubscriberSink | undefined,
  message: Message,
  uri: string,
): void {
  if (!sink)
    throw new PayloadError(
      `${uri} is the user's data and takes no test message while the DAG is stopped: start the DAG first`,
    );
  if (nestsTooDeep(message))
    sink.reject({
      reason: TOO_DEEP_REASON,
      preview: preview(`{ ${Object.keys(message).join(', ')} }`),
      origin: `${uri} (test message)`,
    });
  else sink.deliver(message);
}
