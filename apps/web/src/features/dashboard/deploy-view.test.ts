import { describe, expect, it } from 'vitest';
import {
  applicableVersion,
  applyConfirmText,
  pendingNotice,
  restoreConfirmText,
  runningVersion,
  savedNotice,
  versionNote,
  type Deployment,
} from './deploy-view';

const dag = (
  state: Deployment['state'],
  deployedVersion: number | null,
  latestVersion: number,
): Deployment => ({ name: 'orders', state, deployedVersion, latestVersion });

describe('deploy view', () => {
  it('says which version runs and which is the latest, and nothing when they are the same', () => {
    expect(versionNote(dag('running', 3, 5))).toBe('running v3, latest v5');
    expect(versionNote(dag('suspended', 3, 5))).toBe('suspended v3, latest v5');
    expect(versionNote(dag('stopped', 3, 5))).toBe('stopped, latest v5');
    expect(versionNote(dag('failed', 3, 5))).toBe('failed, latest v5');
    expect(versionNote(dag('running', 5, 5))).toBeNull();
    expect(versionNote(dag('stopped', 5, 5))).toBeNull();
    // Never deployed: a start runs the latest, as the state badge already tells.
    expect(versionNote(dag('stopped', null, 2))).toBeNull();
  });

  it('draws the running version in the live view of a running or suspended DAG', () => {
    expect(runningVersion(dag('running', 3, 5))).toBe(3);
    expect(runningVersion(dag('suspended', 3, 5))).toBe(3);
    expect(runningVersion(dag('stopped', 3, 5))).toBeUndefined();
    // A failed DAG's live view shows the version that failed: its failed node holds the error.
    expect(runningVersion(dag('failed', 3, 5))).toBe(3);
    expect(runningVersion(undefined)).toBeUndefined();
  });

  it('offers the latest version to apply to a running or suspended DAG only', () => {
    expect(applicableVersion(dag('running', 3, 5))).toBe(5);
    expect(applicableVersion(dag('suspended', 1, 2))).toBe(2);
    expect(applicableVersion(dag('running', 5, 5))).toBeNull();
    expect(applicableVersion(dag('stopped', 3, 5))).toBeNull();
    // A failed DAG is started again (with the latest), not applied to.
    expect(applicableVersion(dag('failed', 3, 5))).toBeNull();
  });

  it('tells an analyst who saved into a running DAG that it keeps running the deployed version', () => {
    expect(savedNotice(5, dag('running', 3, 5))).toBe(
      'Saved v5. The DAG keeps running v3 until an admin applies it.',
    );
    expect(savedNotice(2, dag('suspended', 1, 2))).toBe(
      'Saved v2. The DAG stays suspended on v1 until an admin applies it.',
    );
    expect(savedNotice(5, dag('running', 5, 5))).toBeNull();
    expect(savedNotice(5, dag('stopped', 3, 5))).toBeNull();
    expect(savedNotice(5, dag('failed', 3, 5))).toBeNull();
    expect(savedNotice(1, undefined)).toBeNull();
  });

  it('keeps a notice in the designer while a running DAG does not run its latest version', () => {
    expect(pendingNotice(dag('running', 1, 2), 2)).toBe(
      'Saved v2. The DAG keeps running v1 until an admin applies it.',
    );
    expect(pendingNotice(dag('running', 3, 5))).toBe(
      'Running v3. The latest version, v5, runs once an admin applies it.',
    );
    // Saved v4, then someone else saved v5: the notice speaks of the latest.
    expect(pendingNotice(dag('suspended', 3, 5), 4)).toBe(
      'Suspended on v3. The latest version, v5, runs once an admin applies it.',
    );
    expect(pendingNotice(dag('running', 5, 5), 5)).toBeNull();
    expect(pendingNotice(dag('stopped', 3, 5), 5)).toBeNull();
    expect(pendingNotice(undefined, 1)).toBeNull();
  });

  it('names the versions in the confirms of apply and restore', () => {
    expect(applyConfirmText(dag('running', 3, 5), 5)).toBe(
      'orders runs v3 now. Applying restarts it with v5; it stays running.',
    );
    expect(restoreConfirmText(2, dag('running', 3, 5))).toBe(
      'Restoring v2 saves its config again as a new version, v6. It is not deployed: orders keeps running v3 until an admin applies v6.',
    );
    expect(restoreConfirmText(1, dag('stopped', null, 2))).toBe(
      'Restoring v1 saves its config again as a new version, v3. Nothing runs it until an admin starts the DAG.',
    );
    expect(restoreConfirmText(4, dag('failed', 4, 4))).toBe(
      'Restoring v4 saves its config again as a new version, v5. Nothing runs it until an admin starts the DAG.',
    );
  });
});
