import { describe, expect, it } from 'vitest';
import { restoreReplacesText, saveHint } from './restore-text';

describe('restore and save texts (issue 18, bug 13)', () => {
  it('names what a restore replaces, and unsaved changes when there are some', () => {
    expect(restoreReplacesText(2, 5, false)).toBe(
      'Its config replaces v5, the latest version, in the designer. v5 stays in the history.',
    );
    expect(restoreReplacesText(2, 5, true)).toContain("the designer's unsaved changes");
    expect(restoreReplacesText(2, 5, true)).toContain('The unsaved changes are lost');
  });

  it('says a save of a running DAG is not deployed, and nothing more otherwise', () => {
    const running = { state: 'running', deployedVersion: 3, latestVersion: 4 };
    expect(saveHint(running)).toBe(
      'Save a new version (Ctrl+S). v5 is not deployed by saving: the DAG keeps running v3 until an admin deploys the new one.',
    );
    expect(saveHint({ ...running, state: 'stopped' })).toBe('Save a new version (Ctrl+S).');
    expect(saveHint(undefined)).toBe('Save a new version (Ctrl+S).');
  });
});
