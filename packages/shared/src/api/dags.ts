import { z } from 'zod';
import { nameSchema } from '../names';

/** A version number of a DAG's config: 1 for the first save, one more for each save after. */
export const dagVersionSchema = z.int().positive();

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
  state: z.enum(['running', 'suspended', 'stopped']),
});
export type DeployResult = z.infer<typeof deployResultSchema>;
