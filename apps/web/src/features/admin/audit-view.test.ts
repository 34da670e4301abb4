import { describe, expect, it } from 'vitest';
import {
  actionColor,
  AUDIT_PAGE_SIZE,
  filterByAction,
  olderCursor,
  type AuditEntry,
} from './audit-view';

const entry = (id: number, action: string): AuditEntry => ({
  id,
  at: new Date(0).toISOString(),
  actor: 'admin',
  action,
  dag: null,
  detail: null,
});

describe('audit view', () => {
  it('pages back from the smallest id of a full page', () => {
    const full = Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => entry(500 - i, 'dag.start'));
    expect(olderCursor(full)).toBe(500 - AUDIT_PAGE_SIZE + 1);
    expect(olderCursor(full.slice(1))).toBeUndefined();
  });

  it('filters by action text', () => {
    const rows = [entry(3, 'dag.start'), entry(2, 'user.create'), entry(1, 'dag.stop')];
    expect(filterByAction(rows, ' DAG.ST ').map((e) => e.id)).toEqual([3, 1]);
    expect(filterByAction(rows, '')).toHaveLength(3);
  });

  it('colours actions by kind', () => {
    expect(actionColor('dag.delete')).toBe('red');
    expect(actionColor('auth.login_failed')).toBe('orange');
    expect(actionColor('dag.start')).toBe('green');
    expect(actionColor('dag.suspend')).toBe('yellow');
    expect(actionColor('user.set_role')).toBe('violet');
    expect(actionColor('dag.save')).toBe('blue');
  });
});
