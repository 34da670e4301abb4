import { z } from 'zod';
import { connectionSettingsSchemas, type ConnectionKind } from '../components';
import { MAX_NAME_LENGTH } from '../limits';

/**
 * The API of named connections: admin-managed broker and database settings that components
 * refer to by name (`connection: "orders"`, `sql://orders`). Credentials never leave the server:
 * admins see them as `***`, everyone else sees names and kinds only.
 */

export const connectionNameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'letters, digits and _, starting with a letter' });

const kindSchema = z.enum(['kafka', 'redis', 'stomp', 'sql'] satisfies ConnectionKind[]);

export const connectionRefSchema = z.object({ kind: kindSchema, name: connectionNameSchema });

/** `connections.save`: a credential sent as `***` keeps the stored one (same host, port, user only). */
export const saveConnectionInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('kafka'),
    name: connectionNameSchema,
    settings: connectionSettingsSchemas.kafka,
  }),
  z.object({
    kind: z.literal('redis'),
    name: connectionNameSchema,
    settings: connectionSettingsSchemas.redis,
  }),
  z.object({
    kind: z.literal('stomp'),
    name: connectionNameSchema,
    settings: connectionSettingsSchemas.stomp,
  }),
  z.object({
    kind: z.literal('sql'),
    name: connectionNameSchema,
    settings: connectionSettingsSchemas.sql,
  }),
]);
export type SaveConnectionInput = z.infer<typeof saveConnectionInputSchema>;

/** One connection as `connections.list` shows it. */
export interface ConnectionSummary {
  readonly kind: ConnectionKind;
  readonly name: string;
  /** `settings`: from the server settings (FLOW_CONNECTIONS), read-only; `stored`: admin-managed. */
  readonly origin: 'settings' | 'stored';
  /** Admins only, credentials as `***`. */
  readonly settings?: Record<string, unknown>;
  readonly updatedBy?: string;
  readonly updatedAt?: string;
}
