import type { AuditEntry } from '@flow/shared';

export type { AuditEntry } from '@flow/shared';

/** Rows per request; a shorter page means the log has no older rows. */
export const AUDIT_PAGE_SIZE = 100;

/** The `before` of the next (older) page: the smallest id seen, or undefined at the log's start. */
export function olderCursor(page: readonly AuditEntry[]): number | undefined {
  if (page.length < AUDIT_PAGE_SIZE) return undefined;
  return page.reduce((min, e) => Math.min(min, e.id), Number.POSITIVE_INFINITY);
}

/** Entries whose action contains the text, ignoring case. */
export function filterByAction(entries: readonly AuditEntry[], text: string): AuditEntry[] {
  const needle = text.trim().toLowerCase();
  return needle ? entries.filter((e) => e.action.toLowerCase().includes(needle)) : [...entries];
}

/** A colour per kind of action: destructive red, starting green, pausing yellow, failures orange. */
export function actionColor(action: string): string {
  if (/delete|disable/.test(action)) return 'red';
  if (/failed/.test(action)) return 'orange';
  if (/\.(start|resume|enable)$/.test(action)) return 'green';
  if (/\.(stop|suspend)$/.test(action)) return 'yellow';
  if (action.startsWith('user.')) return 'violet';
  return 'blue';
}
