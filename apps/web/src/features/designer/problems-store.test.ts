import { problemAt } from '@flow/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { dict } from '../../dict';
import { setChecked, setFieldProblem, useProblems } from './problems-store';

const missing = problemAt(['calculators', 0, 'config', 'arguments'], 'missing', 'is required');
const badName = problemAt(['nodes', 1, 'name'], 'invalid_name', 'node "b": "x y" is not a name');

describe('problems store', () => {
  beforeEach(() => {
    setFieldProblem('["nodes",1,"name"]', undefined);
    setChecked({ problems: [], byNode: dict() });
  });

  it("adds a field's problem to the validation's, on its node, until it is cleared", () => {
    setChecked({ problems: [missing], byNode: { a: [missing] } });
    setFieldProblem('["nodes",1,"name"]', { problem: badName, node: 'b' });
    expect(useProblems.getState().problems).toEqual([missing, badName]);
    expect(useProblems.getState().byNode).toEqual({ a: [missing], b: [badName] });

    // A new validation keeps the field's problem.
    setChecked({ problems: [], byNode: dict() });
    expect(useProblems.getState().problems).toEqual([badName]);

    setFieldProblem('["nodes",1,"name"]', undefined);
    expect(useProblems.getState().problems).toEqual([]);
    expect(useProblems.getState().byNode).toEqual({});
  });

  it('keeps warnings apart from problems', () => {
    setChecked({ problems: [], byNode: dict() }, [
      { path: '$.nodes', segments: ['nodes'], code: 'empty_dag', message: 'empty' },
    ]);
    expect(useProblems.getState().problems).toEqual([]);
    expect(useProblems.getState().warnings.map((w) => w.code)).toEqual(['empty_dag']);
  });
});
