import type { PublisherScheme, SubscriberScheme } from './components';

/** What each built-in subscriber does, for the palette and the component's help. */
export const subscriberDescriptions: Readonly<Record<SubscriberScheme, string>> = {
  mem: 'Reads messages from an in-memory queue or topic of this server (tests, and DAGs feeding DAGs).',
  file: 'Reads a file of JSON lines, one message a line, and then each line appended to it.',
  metronome: 'Emits a tick message every interval_ms.',
  custom: 'Reads messages with a plugin subscriber.',
  kafka: 'Consumes a Kafka topic in a consumer group; each record a JSON message.',
  redis: 'Pops JSON messages from a Redis list.',
  redischannel: 'Receives JSON messages published on a Redis pub/sub channel.',
  sql: 'Polls a SQL table for new rows (by its cursor column); each row a message.',
  stomp: 'Receives JSON messages from a STOMP queue or topic.',
  fanin: 'Reads other subscribers of this DAG into one queue, in the order their messages arrive.',
};

/** What each built-in publisher does, for the palette and the component's help. */
export const publisherDescriptions: Readonly<Record<PublisherScheme, string>> = {
  mem: 'Sends each message to an in-memory queue or topic of this server.',
  file: 'Appends each message to a file as a JSON line.',
  custom: 'Publishes each message with a plugin publisher.',
  kafka: 'Produces each message as a JSON record to a Kafka topic.',
  redis: 'Pushes each message as JSON onto a Redis list.',
  redischannel: 'Publishes each message as JSON on a Redis pub/sub channel.',
  sql: 'Inserts each message as a row into the table of a SQL source.',
  stomp: 'Sends each message as JSON to a STOMP queue or topic.',
};
