import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { annotationNodes, type CanvasNode } from './annotations';
import type { FlowNode } from './model';
import { applyNoteChanges, splitChanges } from './note-changes';
import { useEditorStore, useEditorStoreApi } from './store-context';

/**
 * The canvas's nodes with the comments and groups of the DAG's `ui` (groups behind, comments
 * above); `nodes` themselves while there are none, or while the far canvas paints the DAG.
 */
export function useAnnotatedNodes(
  nodes: FlowNode[],
  painted: boolean,
  editable: boolean,
): CanvasNode[] {
  const ui = useEditorStore((s) => s.doc.ui);
  const selectedNotes = useEditorStore((s) => s.selectedNotes);
  return useMemo(() => {
    if (painted || !ui || (ui.comments === undefined && ui.groups === undefined)) return nodes;
    const { behind, above } = annotationNodes({ ui }, nodes, selectedNotes, editable);
    if (behind.length === 0 && above.length === 0) return nodes;
    return [...behind, ...nodes, ...above];
  }, [nodes, painted, ui, selectedNotes, editable]);
}

/** React Flow's node changes: those of DAG nodes to the store's, the others to the comments. */
export function useNodeChanges(): (changes: NodeChange<CanvasNode>[]) => void {
  const designer = useEditorStoreApi();
  return useCallback(
    (changes) => {
      const { dag, notes } = splitChanges(changes);
      if (dag.length) designer.getState().onNodesChange(dag);
      if (notes.length) {
        const patch = applyNoteChanges(designer.getState(), notes);
        if (patch) designer.setState(patch);
      }
    },
    [designer],
  );
}
