/*
 * `kafka://topic/NAME` (kafkajs). client.ts: the kafkajs client of a component (brokers, TLS,
 * SASL, host policy); session.ts: one consumer from connect to disconnect, committing what is
 * acknowledged; subscriber.ts: the consumer group, restarted with backoff; publisher.ts: sends.
 */
export { kafkaPublisherAdapter } from './publisher';
export { kafkaSubscriberAdapter } from './subscriber';
