import { z } from 'zod';
import { dagStateSchema } from './dag-state';
import { hhmmSchema } from '../dag-schema';
import { nameSchema } from '../names';

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
