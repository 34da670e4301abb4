/*
 * `stomp://queue/NAME` and `stomp://topic/NAME` over STOMP 1.2 on plain TCP (@stomp/stompjs with
 * @stomp/tcp-wrapper), for RabbitMQ's STOMP plugin and ActiveMQ alike: destinations `/queue/NAME`
 * and `/topic/NAME`, login and passcode from the URL, `host` from its path (RabbitMQ's virtual
 * host; `/` when there is none).
 *
 * Queues use `ack: client-individual`: a message is acknowledged when the engine acknowledges it
 * (every publisher it reached accepted it); what was not acknowledged when the connection ends is
 * delivered again by the broker. Topics use `ack: auto` and drop the oldest when the node is full.
 *
 * connection.ts: one connection (transport, heartbeats, reconnection); subscriber.ts and
 * publisher.ts: the adapters over it.
 */
export { stompPublisherAdapter } from './publisher';
export { stompSubscriberAdapter } from './subscriber';
