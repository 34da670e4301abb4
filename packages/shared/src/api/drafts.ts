import { z } from 'zod';
import { nameSchema } from '../names';
import { dagVersionSchema, problemSchema } from './dags';

/**
 * Drafts (issue 18): a DAG config saved with its problems, one per DAG name. A draft is never
 * run, deployed or loaded by the engine; a valid save of the DAG removes it.
 */

/**
 * `dags.saveDraft`: the config stays `unknown`; the server checks its limits (size, nesting)
 * and that it has a valid DAG name, and stores every other problem with the draft.
 */
export const saveDraftInputSchema = z.object({ config: z.unknown() });

/** What `dags.saveDraft` answers. */
export const saveDraftResultSchema = z.object({
  name: nameSchema,
  savedAt: z.string(),
  /** How many problems the draft has (0: it could be saved as a version). */
  problems: z.int().nonnegative(),
});
export type SaveDraftResult = z.infer<typeof saveDraftResultSchema>;

/** A draft without its config: the dashboard's badge and the designer's notice. */
export const draftSummarySchema = z.object({
  name: nameSchema,
  savedBy: z.string(),
  savedAt: z.string(),
  problemCount: z.int().nonnegative(),
  /** The DAG's latest saved (valid) version; null for a DAG that exists only as a draft. */
  latestVersion: dagVersionSchema.nullable(),
  /** When that version was saved, to tell whether the draft is newer. */
  latestSavedAt: z.string().nullable(),
});
export type DraftSummary = z.infer<typeof draftSummarySchema>;

/** `dags.getDraft`: the draft of a DAG (secrets redacted), or null when it has none. */
export const draftSchema = draftSummarySchema.extend({
  config: z.record(z.string(), z.unknown()),
  problems: z.array(problemSchema),
});
export type Draft = z.infer<typeof draftSchema>;
