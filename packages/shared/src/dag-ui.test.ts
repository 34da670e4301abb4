import { describe, expect, it } from 'vitest';
import { validateDag } from './validate';

const problemsOf = (r: ReturnType<typeof validateDag>) => (r.ok ? [] : r.problems);

const base = {
  name: 'd',
  nodes: [{ name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000 } }],
};

describe('ui: comments and groups', () => {
  it('accepts comments, groups and any other key (positions)', () => {
    const r = validateDag({
      ...base,
      ui: {
        positions: { tick: { x: 1, y: 2 } },
        comments: [{ id: 'c1', text: 'hello', x: 0, y: 0 }],
        groups: [{ id: 'g1', title: 'Inputs', color: 'blue', nodes: ['tick'] }],
        other: 1,
      },
    });
    expect(problemsOf(r)).toEqual([]);
  });

  it('names the place of a bad comment or group', () => {
    const r = validateDag({
      ...base,
      ui: {
        comments: [{ id: 'c1', text: 'x'.repeat(2001), x: 0, y: 0 }],
        groups: [{ id: 'g1', title: 't', color: 'pink', nodes: [] }],
      },
    });
    expect(r.ok).toBe(false);
    const paths = problemsOf(r).map((p) => p.path);
    expect(paths).toContain('$.ui.comments[0].text');
    expect(paths).toContain('$.ui.groups[0].color');
    expect(problemsOf(r).find((p) => p.path === '$.ui.comments[0].text')?.message).toMatch(/2000/);
  });

  it('bounds the number of comments', () => {
    const comments = Array.from({ length: 501 }, (_, i) => ({ id: `c${i}`, text: '', x: 0, y: 0 }));
    const r = validateDag({ ...base, ui: { comments } });
    expect(problemsOf(r).map((p) => p.path)).toContain('$.ui.comments');
  });
});
