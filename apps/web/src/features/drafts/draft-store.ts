import type { DraftSummary } from '@flow/shared';
import { create } from 'zustand';

/**
 * The draft the designer holds, when it holds one (opened, or just saved): its summary for the
 * notice, and the reason Start and Apply are not offered. Cleared by a valid save.
 */
export const useDraftState = create<{ draft: DraftSummary | undefined }>(() => ({
  draft: undefined,
}));

/** Whether a draft is newer than its DAG's latest valid version (or the DAG has none). */
export function draftIsNewer(draft: DraftSummary): boolean {
  return (
    draft.latestSavedAt === null || Date.parse(draft.savedAt) > Date.parse(draft.latestSavedAt)
  );
}

/** Why a DAG shown as a draft cannot be started or deployed. */
export function draftBlockReason(draft: DraftSummary): string {
  const problems = draft.problemCount === 1 ? '1 problem' : `${draft.problemCount} problems`;
  return draft.latestVersion === null
    ? `This DAG is only a draft (${problems}): save it without problems to start or deploy it.`
    : `The designer holds a draft (${problems}): save it without problems to deploy it; v${draft.latestVersion} is the latest valid version.`;
}

/** The notice over a draft: who saved it, when, its problems and the latest valid version. */
export function draftNotice(draft: DraftSummary, now = Date.now()): string {
  const problems = draft.problemCount === 1 ? '1 problem' : `${draft.problemCount} problems`;
  const at = new Date(draft.savedAt);
  const when = now - at.getTime() < 24 * 3600_000 ? at.toLocaleTimeString() : at.toLocaleString();
  const latest =
    draft.latestVersion === null
      ? 'there is no valid version yet'
      : `the latest valid version is v${draft.latestVersion}`;
  return `Draft saved by ${draft.savedBy} at ${when}, ${problems}; ${latest}.`;
}
