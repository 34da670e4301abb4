import { z } from 'zod';
import { dagStateSchema } from './dag-state';
import { hhmmSchema } from '../dag-schema';
import { nameSchema } from '../names';
import { problemCodes, warningCodes } from '../problems';

/** The API of DAGs: reading, designing, cloning, running. */

/** A version number of a DAG's config: 1 for the first save, one more for each save after. */
export const dagVersionSchema = z.int().positive();

/** The input of every procedure about one DAG by name (`dags.history`, `dags.stop`, ...). */
export const dagNameInputSchema = z.object({ name: nameSchema });

/** `dags.get`: a DAG's config, the latest version or the one asked for. */
export const getDagInputSchema = dagNameInputSchema.extend({
  version: dagVersionSchema.optional(),
});

/**
 * `dags.validate` and `dags.save`: the config stays `unknown` here; the server checks its limits
 * and validates it whole, listing every problem.
 */
export const validateDagInputSchema = z.object({ config: z.unknown() });
export const saveDagInputSchema = z.object({
  config: z.unknown(),
  comment: z.string().max(500).optional(),
});

/** A place in a config as keys and indexes, and as a JSON path (problems.ts). */
const placeSchema = z.object({
  path: z.string(),
  segments: z.array(z.union([z.string(), z.number()])).readonly(),
  message: z.string(),
});

/** A problem of a config, as the validator reports it (`Problem`). */
export const problemSchema = placeSchema
  .extend({ code: z.enum(problemCodes), nodes: z.array(z.string()).readonly().optional() })
  .readonly();

/** Something accepted but without effect here (`Warning`): a key of the original format. */
export const warningSchema = placeSchema.extend({ code: z.enum(warningCodes) }).readonly();

/**
 * What a reply adds for a config in the original system's format (issue 15): `originalFormat`
 * and the conversion's `warnings`, each at its path in the file as written. Absent for ours.
 */
const originalFormatReply = {
  originalFormat: z.literal(true).optional(),
  warnings: z.array(warningSchema).optional(),
};

/**
 * `dags.validate`: every problem a save would meet (paths in the file as given). For the
 * original format, `converted` is the config in our format, which is what a save stores.
 */
export const validateDagResultSchema = z.object({
  ok: z.boolean(),
  problems: z.array(problemSchema),
  ...originalFormatReply,
  converted: z.record(z.string(), z.unknown()).optional(),
});
export type ValidateDagResult = z.infer<typeof validateDagResultSchema>;

/**
 * `dags.save`: the stored version. A config in the original format is stored converted into
 * ours; the reply (and the save's audit entry) lists the conversion's warnings.
 */
export const saveDagResultSchema = z.object({
  name: nameSchema,
  version: dagVersionSchema,
  ...originalFormatReply,
});
export type SaveDagResult = z.infer<typeof saveDagResultSchema>;

/** `dags.restore`: saves an old version as the newest. */
export const restoreInputSchema = dagNameInputSchema.extend({ version: dagVersionSchema });

/** `dags.clone`: a copy under a new name, optionally with its own time window. */
export const cloneInputSchema = dagNameInputSchema.extend({
  newName: nameSchema,
  window: z.object({ start_time: hhmmSchema, end_time: hhmmSchema }).optional(),
});
export type CloneInput = z.infer<typeof cloneInputSchema>;

/**
 * `dags.start` and `dags.deploy`: the DAG and the version to run (default: the latest saved).
 * A save never changes what a running DAG runs; an admin deploys a version with one of these.
 */
export const deployInputSchema = z.object({
  name: nameSchema,
  version: dagVersionSchema.optional(),
});
export type DeployInput = z.infer<typeof deployInputSchema>;

/**
 * Which version of a DAG runs and which is the newest. `deployedVersion` is the version an admin
 * last deployed (started or applied), `null` when none ever was; a running or suspended DAG runs
 * exactly that version, whatever was saved after it.
 */
export const dagVersionsSchema = z.object({
  deployedVersion: dagVersionSchema.nullable(),
  latestVersion: dagVersionSchema,
});
export type DagVersions = z.infer<typeof dagVersionsSchema>;

/** What `dags.deploy` answers: the versions after the deploy and the DAG's state. */
export const deployResultSchema = dagVersionsSchema.extend({
  name: nameSchema,
  deployedVersion: dagVersionSchema,
  state: dagStateSchema,
});
export type DeployResult = z.infer<typeof deployResultSchema>;
