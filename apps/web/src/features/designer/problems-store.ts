import type { DagWarning, Problem } from '@flow/shared';
import { create } from 'zustand';
import { dict } from '../../dict';

/** A problem of a field being edited (a name not yet committed), and the node it is about. */
export interface FieldProblem {
  readonly problem: Problem;
  readonly node?: string | undefined;
}

interface ProblemsState {
  /** Every problem: the validation's, then those of fields being edited. */
  problems: readonly Problem[];
  /** The problems about each node (its marker on the canvas). */
  byNode: Readonly<Record<string, readonly Problem[]>>;
  /** What is allowed but likely a mistake (an empty DAG, a node without edges): never blocks save. */
  warnings: readonly DagWarning[];
  /** The latest validation of the editor's DAG, and its problems by node. */
  checked: { problems: readonly Problem[]; byNode: Readonly<Record<string, readonly Problem[]>> };
  /** Fields being edited that hold what the DAG would refuse, by their path. */
  fields: Readonly<Record<string, FieldProblem>>;
}

function merged(
  checked: ProblemsState['checked'],
  fields: ProblemsState['fields'],
): Pick<ProblemsState, 'problems' | 'byNode'> {
  const extra = Object.values(fields);
  if (extra.length === 0) return checked;
  const byNode = dict<Problem[]>();
  for (const [node, list] of Object.entries(checked.byNode)) byNode[node] = [...list];
  for (const { problem, node } of extra) if (node) (byNode[node] ??= []).push(problem);
  return { problems: [...checked.problems, ...extra.map((f) => f.problem)], byNode };
}

/** The latest validation of the editor's DAG: all problems, those about each node, warnings. */
export const useProblems = create<ProblemsState>(() => ({
  problems: [],
  byNode: dict(),
  warnings: [],
  checked: { problems: [], byNode: dict() },
  fields: dict(),
}));

/** Publishes a validation of the DAG (fields being edited keep their problems). */
export function setChecked(
  checked: ProblemsState['checked'],
  warnings: readonly DagWarning[] = [],
): void {
  useProblems.setState((s) => ({ checked, warnings, ...merged(checked, s.fields) }));
}

/** Sets (or with `undefined`, clears) the problem of a field being edited. */
export function setFieldProblem(path: string, field: FieldProblem | undefined): void {
  useProblems.setState((s) => {
    if (!field && !Object.hasOwn(s.fields, path)) return s;
    const fields = dict<FieldProblem>();
    for (const [k, v] of Object.entries(s.fields)) if (k !== path) fields[k] = v;
    if (field) fields[path] = field;
    return { fields, ...merged(s.checked, fields) };
  });
}
