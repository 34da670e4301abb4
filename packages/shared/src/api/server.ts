import { z } from 'zod';

/** One worker thread of the DAG host: its DAGs and load. */
export const workerStatusSchema = z.object({
  /** 1-based, stable across restarts of the thread. */
  id: z.int(),
  dags: z.array(z.string()),
  running: z.int(),
  /** Event-loop utilisation over the last second, 0..1. */
  eventLoopUtilization: z.number(),
  heapUsedBytes: z.number(),
  heapLimitBytes: z.number(),
  /** How many times this worker's thread was replaced (watchdog, heap, crash). */
  restarts: z.int(),
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

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
    failed: z.int(),
  }),
  /** The worker threads DAGs run on (empty when they run in the server's thread). */
  workers: z.array(workerStatusSchema),
  store: z.enum(['postgres', 'pglite']),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
