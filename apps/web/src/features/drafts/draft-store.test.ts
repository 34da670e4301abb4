import { describe, expect, it } from 'vitest';
import { draftBlockReason, draftIsNewer, draftNotice } from './draft-store';

const draft = {
  name: 'd',
  savedBy: 'ann',
  savedAt: '2026-12-02T10:00:00.000Z',
  problemCount: 3,
  latestVersion: 4,
  latestSavedAt: '2026-12-02T09:00:00.000Z',
};

describe('drafts', () => {
  it('is newer than a version saved before it, or than no version', () => {
    expect(draftIsNewer(draft)).toBe(true);
    expect(draftIsNewer({ ...draft, latestSavedAt: '2026-12-02T11:00:00.000Z' })).toBe(false);
    expect(draftIsNewer({ ...draft, latestVersion: null, latestSavedAt: null })).toBe(true);
  });

  it('says who saved it, its problems and the latest valid version', () => {
    const now = Date.parse('2026-12-02T10:05:00.000Z');
    expect(draftNotice(draft, now)).toMatch(
      /^Draft saved by ann at .+, 3 problems; the latest valid version is v4\.$/,
    );
    expect(draftNotice({ ...draft, problemCount: 1, latestVersion: null }, now)).toMatch(
      /1 problem; there is no valid version yet\.$/,
    );
  });

  it('says why it cannot be started', () => {
    expect(draftBlockReason({ ...draft, latestVersion: null })).toContain('only a draft');
    expect(draftBlockReason(draft)).toContain('v4 is the latest valid version');
  });
});
