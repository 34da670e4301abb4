import { readFileSync } from 'node:fs';
import { builtinCatalog, convertOriginalFormat, problemAt, type DagInput } from '@flow/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { importedProblems, markOf, toSave, useConversion } from './conversion-store';
import { fromConfig, toConfig } from './model';
import { createEditorStore, selectGraph } from './store';

const original = JSON.parse(
  readFileSync(
    new URL('../../../../../e2e/fixtures/original-format-dag.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;
/** What the server answers as `converted` (it runs the same conversion). */
const converted = convertOriginalFormat(original, builtinCatalog).value as DagInput;
const problem = problemAt(['nodes', 1, 'calculator'], 'unknown_reference', 'as written');

describe('an imported original-format file in the editor', () => {
  const designer = createEditorStore();
  beforeEach(() => {
    const graph = fromConfig(converted);
    designer.getState().load(graph);
    useConversion.setState({
      conversion: {
        name: graph.doc.name,
        warnings: [],
        problems: [problem],
        original,
        mark: markOf(graph),
      },
      dismissed: false,
    });
  });

  it('while as imported: its problems at their places in the file; a save sends the file with the layout', () => {
    const graph = selectGraph(designer.getState());
    expect(importedProblems(graph)).toEqual([problem]);
    const sent = toSave(graph, toConfig(graph)) as Record<string, unknown>;
    expect(sent).toEqual({ ...original, ui: toConfig(graph).ui });
    // Moving a node changes no part of the DAG: still the file, with the new position.
    designer.getState().setPositions(new Map([['src', { x: 7, y: 9 }]]));
    const moved = selectGraph(designer.getState());
    expect(importedProblems(moved)).toEqual([problem]);
    expect(toSave(moved, toConfig(moved))).toMatchObject({
      edges: original.edges,
      ui: { positions: { src: { x: 7, y: 9 } } },
    });
  });

  it('once edited: the DAG on the canvas is ours, validated and saved as ours', () => {
    designer.getState().renameNode('ren', 'renamer');
    const graph = selectGraph(designer.getState());
    expect(importedProblems(graph)).toBeUndefined();
    const sent = toSave(graph, toConfig(graph)) as DagInput;
    expect(sent).toEqual(toConfig(graph));
    expect(JSON.stringify(sent)).not.toMatch(/from_node|_comment|core\./);
    // Undone, it is the file as imported again.
    designer.getState().undo();
    expect(importedProblems(selectGraph(designer.getState()))).toEqual([problem]);
  });
});
