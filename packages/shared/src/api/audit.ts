import { z } from 'zod';

/** The API of the audit log (admins only): newest first, a page at a time. */

export const auditListInputSchema = z
  .object({ limit: z.int().min(1).max(500).default(100), before: z.int().optional() })
  .default({ limit: 100 });
export type AuditListInput = z.input<typeof auditListInputSchema>;

/** One entry as `audit.list` answers it. */
export const auditEntrySchema = z
  .object({
    id: z.int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    dag: z.string().nullable(),
    /** What was done, as the action records it (absent on the wire when there is none). */
    detail: z.unknown().optional(),
  })
  .readonly();
export type AuditEntry = z.infer<typeof auditEntrySchema>;
