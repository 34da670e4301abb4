import { z } from 'zod';

/** `failed`: the watchdog stopped it (a compute ran too long, or its worker's heap ran out). */
export const dagStates = ['stopped', 'running', 'suspended', 'failed'] as const;
export const dagStateSchema = z.enum(dagStates);
export type DagState = z.infer<typeof dagStateSchema>;
