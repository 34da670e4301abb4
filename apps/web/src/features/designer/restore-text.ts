/**
 * What a restore replaces, for its confirm: the designer's content (the latest version, and
 * unsaved changes if any) gives way to the old version's; the latest stays in the history.
 */
export function restoreReplacesText(version: number, latest: number, unsaved: boolean): string {
  const replaced = unsaved
    ? `the designer's unsaved changes and v${latest}, the latest version`
    : `v${latest}, the latest version`;
  const kept = unsaved ? 'The unsaved changes are lost; ' : '';
  return `Its config replaces ${replaced}, in the designer. ${kept}v${latest} stays in the history.`;
}

/**
 * The Save button's hint: a save makes a new version and, for a running or suspended DAG, says
 * that what runs stays as it is (save is not deploy).
 */
export function saveHint(
  d: { state: string; deployedVersion: number | null; latestVersion: number } | undefined,
): string {
  const base = 'Save a new version (Ctrl+S).';
  if (!d || d.deployedVersion === null || (d.state !== 'running' && d.state !== 'suspended'))
    return base;
  return `${base} v${d.latestVersion + 1} is not deployed by saving: the DAG keeps running v${d.deployedVersion} until an admin deploys the new one.`;
}
