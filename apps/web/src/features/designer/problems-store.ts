import type { Problem } from '@flow/shared';
import { create } from 'zustand';
import { dict } from '../../dict';

/** The latest validation of the editor's DAG: all problems, and those about each node. */
export const useProblems = create<{
  problems: readonly Problem[];
  byNode: Readonly<Record<string, readonly Problem[]>>;
}>(() => ({ problems: [], byNode: dict() }));
