import { publisherConfigSchemas } from '@flow/shared';
import type { Producer } from 'kafkajs';
import { AdapterError, errorMessage } from '../../errors';
import { redact, settlesWithin, withRetry } from '../retry';
import type { ConnectionStatus, PublisherAdapter } from '../types';
import { kafkaClient, OPEN_GRACE_MS, topicName } from './client';

/** Sends each batch to `kafka://topic/NAME` with the configured acks; connects in the background. */
export const kafkaPublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.kafka> = {
  configSchema: publisherConfigSchemas.kafka,
  createPublisher(config, context) {
    const topic = topicName(config.destination);
    const kafka = kafkaClient(config, context);
    let producer: Producer | undefined;
    let ready: Promise<void> | undefined;
    let abort: AbortController | undefined;
    let status: ConnectionStatus = { state: 'connecting' };
    return {
      uri: config.destination,
      async start(signal) {
        const stopped = new AbortController();
        abort = stopped;
        signal.addEventListener('abort', () => stopped.abort(), { once: true });
        const client = kafka.producer({ allowAutoTopicCreation: true });
        producer = client;
        // Connected in the background, retried with backoff; publish waits for it.
        ready = withRetry(() => client.connect(), {
          clock: context.clock,
          signal: stopped.signal,
          initialMs: 500,
          maxMs: 10_000,
          onFailure: (error, nextRetryAt) => {
            status = { state: 'reconnecting', error: redact(error), nextRetryAt };
          },
        }).then(() => {
          status = { state: 'connected' };
        });
        ready.catch(() => {});
      },
      async publish(batch) {
        if (!producer || !ready) throw new AdapterError(`${config.destination} is not started`);
        await ready;
        try {
          await producer.send({
            topic,
            acks: config.acks,
            messages: batch.map((m) => ({ value: JSON.stringify(m) })),
          });
          status = { state: 'connected' };
        } catch (error) {
          status = { state: 'reconnecting', error: redact(errorMessage(error)) };
          throw error;
        }
      },
      async stop() {
        abort?.abort();
        // A connection attempt under way (kafkajs retries it) is waited for a while, not forever.
        if (ready) await settlesWithin(ready, OPEN_GRACE_MS);
        await producer?.disconnect().catch(() => {});
        producer = undefined;
        ready = undefined;
        status = { state: 'closed' };
      },
      connectionStatus: () => status,
    };
  },
};
