// Save is not deploy: what the dashboard and the designer say about the version a DAG runs and
// its latest saved one, and when an admin may apply the latest.
import type { DagVersions } from '@flow/shared';
import type { DagSummary } from '../../trpc';

export type Deployment = Pick<DagSummary, 'name' | 'state'> & DagVersions;

/**
 * Running or suspended: the DAG has a deployed version that runs (or waits). Stopped and failed
 * (the watchdog stopped it) are alike for an admin: nothing runs, a start deploys the latest.
 */
export function isActive(state: DagSummary['state']): state is 'running' | 'suspended' {
  return state === 'running' || state === 'suspended';
}

/**
 * "running v3, latest v5" (or "suspended v3, latest v5"), "stopped, latest v5" (or "failed, latest
 * v5") when a halted DAG's start would run another version than it last did; null when there is
 * nothing to add.
 */
export function versionNote(d: Deployment): string | null {
  if (d.deployedVersion === null || d.deployedVersion === d.latestVersion) return null;
  return !isActive(d.state)
    ? `${d.state}, latest v${d.latestVersion}`
    : `${d.state} v${d.deployedVersion}, latest v${d.latestVersion}`;
}

/**
 * The version a running or suspended DAG runs, or a failed one ran (what its live view draws: the
 * failed node's error is on that version's node); undefined otherwise.
 */
export function runningVersion(d: Deployment | undefined): number | undefined {
  return d && d.state !== 'stopped' ? (d.deployedVersion ?? undefined) : undefined;
}

/** The version an admin may apply to a running or suspended DAG (its latest), or null. */
export function applicableVersion(d: Deployment): number | null {
  return isActive(d.state) && d.deployedVersion !== d.latestVersion ? d.latestVersion : null;
}

/** What goes on until an admin applies: "keeps running v3" or "stays suspended on v3". */
function untilApplied(d: Deployment): string {
  return d.state === 'suspended'
    ? `stays suspended on v${d.deployedVersion}`
    : `keeps running v${d.deployedVersion}`;
}

/**
 * After a save of `version` into a running or suspended DAG: "Saved v5. The DAG keeps running v3
 * until an admin applies it." Null when the saved version is what runs (or nothing runs).
 */
export function savedNotice(version: number, d: Deployment | undefined): string | null {
  if (!d || !isActive(d.state) || d.deployedVersion === null) return null;
  if (d.deployedVersion === version) return null;
  return `Saved v${version}. The DAG ${untilApplied(d)} until an admin applies it.`;
}

/**
 * The designer's notice while a running or suspended DAG does not run its latest version: the
 * saved notice after this page saved it, else "Running v3. The latest version, v5, runs once an
 * admin applies it."; null when there is nothing to apply.
 */
export function pendingNotice(d: Deployment | undefined, saved?: number): string | null {
  if (!d || applicableVersion(d) === null || d.deployedVersion === null) return null;
  if (saved === d.latestVersion) return savedNotice(saved, d);
  const runs = d.state === 'suspended' ? 'Suspended on' : 'Running';
  return `${runs} v${d.deployedVersion}. The latest version, v${d.latestVersion}, runs once an admin applies it.`;
}

/** The confirm of "Apply vN": which version runs now, which will, and the state it keeps. */
export function applyConfirmText(d: Deployment, version: number): string {
  return `${d.name} runs v${d.deployedVersion ?? '?'} now. Applying restarts it with v${version}; it stays ${d.state}.`;
}

/** The confirm of a restore: it makes a new version, which runs only once it is applied. */
export function restoreConfirmText(version: number, d: Deployment | undefined): string {
  const next = (d?.latestVersion ?? 0) + 1;
  const made = `Restoring v${version} saves its config again as a new version, v${next}.`;
  if (!d || d.deployedVersion === null || !isActive(d.state))
    return `${made} Nothing runs it until an admin starts the DAG.`;
  return `${made} It is not deployed: ${d.name} ${untilApplied(d)} until an admin applies v${next}.`;
}
