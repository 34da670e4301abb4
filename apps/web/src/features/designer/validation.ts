import { dagWarnings, validateDag, type ComponentCatalog, type Problem } from '@flow/shared';
import { useEffect } from 'react';
import { importedProblems, markOf, sameMark, type GraphMark } from './conversion-store';
import { nodeOfProblem, toConfig, type EditorGraph } from './model';
import { setChecked } from './problems-store';
import { selectGraph } from './store';
import { useEditorStoreApi } from './store-context';
import { dict } from '../../dict';

export function validateGraph(graph: EditorGraph, catalog: ComponentCatalog): Problem[] {
  const result = validateDag(toConfig(graph), catalog);
  return result.ok ? [] : result.problems;
}

function publish(graph: EditorGraph, catalog: ComponentCatalog) {
  // A file of the original format, as imported: the server's problems, at their places in it.
  const config = toConfig(graph);
  const imported = importedProblems(graph);
  const result = imported ? undefined : validateDag(config, catalog);
  const problems = imported ?? (result?.ok === false ? result.problems : []);
  const byNode = dict<Problem[]>();
  for (const p of problems) {
    // A cycle is about every node along it; other problems about the node their path points to.
    const nodes = p.nodes ?? [nodeOfProblem(p.segments, graph)];
    for (const node of nodes) if (node) (byNode[node] ??= []).push(p);
  }
  setChecked({ problems, byNode }, dagWarnings(config));
}

/**
 * Validates the editor's DAG as it changes (not when nodes only move), as the server would. Off
 * in the live view: it shows a stored DAG, which the server has validated, and can't be edited
 * there (with 1,000 nodes, validating took a fifth of a second of opening it).
 */
export function useLiveValidation(catalog: ComponentCatalog, enabled = true) {
  const designer = useEditorStoreApi();
  useEffect(() => {
    if (!enabled) {
      setChecked({ problems: [], byNode: dict() });
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: GraphMark | undefined;
    const run = () => {
      const graph = selectGraph(designer.getState());
      const mark = markOf(graph);
      if (sameMark(last, mark)) return;
      last = mark;
      clearTimeout(timer);
      timer = setTimeout(() => publish(graph, catalog), 120);
    };
    run();
    const unsubscribe = designer.subscribe(run);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [catalog, enabled, designer]);
}
