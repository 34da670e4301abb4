import { NotFoundError } from '@flow/engine';
import {
  cloneInputSchema,
  dagNameInputSchema as dagName,
  deployInputSchema,
  getDagInputSchema,
  restoreInputSchema,
  type DagDetailsView,
  type DagListEntry,
  saveDagInputSchema,
  saveDraftInputSchema,
  type Draft,
  type DraftSummary,
  validateDagInputSchema,
  type ValidateDagResult,
} from '@flow/shared';
import { redactSecrets } from '../../auth/redact';
import { adminProcedure, analystProcedure, router, viewerProcedure } from '../init';

export const dagsRouter = router({
  /** Every DAG's summary, with the version it runs (`deployedVersion`) and its `latestVersion`. */
  list: viewerProcedure.query(({ ctx }): Promise<DagListEntry[]> => ctx.services.app.listDags()),

  get: viewerProcedure.input(getDagInputSchema).query(async ({ ctx, input }) => {
    const stored = await ctx.services.app.dags.get(input.name, input.version);
    if (!stored)
      throw new NotFoundError(
        `no DAG named "${input.name}"${input.version ? ` with version ${input.version}` : ''}`,
      );
    return { ...stored, config: redactSecrets(stored.config) };
  }),

  /**
   * Every problem of a config, without saving it. A file in the original format is answered
   * with `originalFormat`, its `warnings` and the config `converted` into ours (what a save stores).
   */
  validate: analystProcedure
    .meta({ limitsCheckedBy: 'config' })
    .input(validateDagInputSchema)
    .mutation(({ ctx, input }): Promise<ValidateDagResult> =>
      ctx.services.app.validateDag(input.config, ctx.user.role),
    ),

  /** Stores a new version; a file in the original format is stored converted into ours. */
  save: analystProcedure
    .meta({ limitsCheckedBy: 'config' })
    .input(saveDagInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.saveDag(input.config, ctx.user.username, input.comment, ctx.user.role),
    ),

  /**
   * Stores a config that may still have problems as its DAG's draft (one per DAG): refused only
   * past the input limits or without a valid DAG name. A draft is never run or deployed.
   */
  saveDraft: analystProcedure
    .meta({ limitsCheckedBy: 'config' })
    .input(saveDraftInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.saveDraft(input.config, ctx.user.username, ctx.user.role),
    ),

  /** A DAG's draft (secrets redacted), or null when it has none. */
  getDraft: viewerProcedure.input(dagName).query(async ({ ctx, input }): Promise<Draft | null> => {
    const draft = await ctx.services.app.drafts.get(input.name);
    return draft ? { ...draft, config: redactSecrets(draft.config) } : null;
  }),

  /** Every draft's summary: the dashboard's badges and the DAGs that exist only as drafts. */
  drafts: viewerProcedure.query(({ ctx }): Promise<DraftSummary[]> =>
    ctx.services.app.drafts.list(),
  ),

  history: viewerProcedure
    .input(dagName)
    .query(({ ctx, input }) => ctx.services.app.dags.history(input.name)),

  restore: analystProcedure
    .input(restoreInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.restoreVersion(input.name, input.version, ctx.user.username, ctx.user.role),
    ),

  delete: adminProcedure.input(dagName).mutation(async ({ ctx, input }) => {
    await ctx.services.app.deleteDag(input.name, ctx.user.username);
    return { ok: true };
  }),

  clone: adminProcedure
    .input(cloneInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.cloneDag(input.name, input.newName, input.window, ctx.user.username),
    ),

  /**
   * Starts a stopped DAG with `version` (default: the latest): a deploy. On a running DAG it
   * deploys the same way (see `deploy`).
   */
  start: adminProcedure
    .input(deployInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.startDag(input.name, input.version, ctx.user.username),
    ),
  /**
   * "Apply": a running or suspended DAG restarts with `version` (default: the latest) and keeps
   * its state; for a stopped one the version is recorded. Saves never change what runs.
   */
  deploy: adminProcedure
    .input(deployInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.app.deployDag(input.name, input.version, ctx.user.username),
    ),
  stop: adminProcedure
    .input(dagName)
    .mutation(({ ctx, input }) => ctx.services.app.setState(input.name, 'stop', ctx.user.username)),
  suspend: adminProcedure
    .input(dagName)
    .mutation(({ ctx, input }) =>
      ctx.services.app.setState(input.name, 'suspend', ctx.user.username),
    ),
  resume: adminProcedure
    .input(dagName)
    .mutation(({ ctx, input }) =>
      ctx.services.app.setState(input.name, 'resume', ctx.user.username),
    ),

  /** What the engine holds of a DAG (for a running one: its deployed version), and its versions. */
  details: viewerProcedure.input(dagName).query(async ({ ctx, input }): Promise<DagDetailsView> => {
    const details = await ctx.services.app.dagDetails(input.name);
    return { ...details, config: redactSecrets(details.config) };
  }),
});
