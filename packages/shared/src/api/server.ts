import { z } from 'zod';

/** `server.status`: what the header and the dashboard show of the server. */
export const serverStatusSchema = z.object({
  role: z.enum(['primary', 'standby']),
  version: z.string(),
  uptimeMs: z.number(),
  startedAt: z.string(),
  /** How many DAGs there are, and how many are in each state. */
  dags: z.object({
    total: z.int(),
    running: z.int(),
    suspended: z.int(),
    stopped: z.int(),
  }),
  store: z.enum(['postgres', 'pglite']),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
