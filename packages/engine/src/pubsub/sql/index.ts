/*
 * `sql://SOURCE`: a table of a PostgreSQL database, named in the server settings
 * (`connections.sql.SOURCE = { url, table, cursor_column }`).
 *
 * Two kinds of table:
 * - A plain table: each row is a message (column -> value) and each message is a row; a message
 *   whose keys are not all columns of the table is refused.
 * - A message table: one that has a column named `payload` of type json, jsonb or text. Each row
 *   carries one message, the JSON object in `payload`; the other columns (the cursor, timestamps)
 *   are bookkeeping and not part of the message. The publisher writes the whole message, as JSON,
 *   into `payload`.
 *
 * client.ts: the source, its pool and error messages; table.ts: the table's columns and quoting;
 * writer.ts: inserts (the publisher); subscriber.ts: polling; cursor-store.ts: the stored position.
 */
export { quoteIdent, quoteTable } from './table';
export { sqlPublisherAdapter } from './writer';
export { sqlSubscriberAdapter } from './subscriber';
