import type { Problem, Warning } from '@flow/shared';
import { create } from 'zustand';
import type { EditorGraph } from './model';

/** The parts of the editor's graph that validation reads: unchanged while all are the same. */
export interface GraphMark {
  readonly doc: unknown;
  readonly edges: unknown;
  readonly specs: readonly unknown[];
}

export function markOf(graph: EditorGraph): GraphMark {
  return { doc: graph.doc, edges: graph.edges, specs: graph.nodes.map((n) => n.data) };
}

export function sameMark(a: GraphMark | undefined, b: GraphMark): boolean {
  return (
    a !== undefined &&
    a.doc === b.doc &&
    a.edges === b.edges &&
    a.specs.length === b.specs.length &&
    a.specs.every((d, i) => d === b.specs[i])
  );
}

/**
 * The last import of a file in the original system's format (issue 15), as the server converted
 * it: its warnings for the notice, and its problems at their places in the file as written, which
 * the Problems panel shows while the canvas holds the DAG as imported (`mark`). Once it is edited,
 * the DAG on the canvas is ours and is validated as ours.
 */
export interface Conversion {
  /** The DAG's name. */
  readonly name: string;
  readonly warnings: readonly Warning[];
  readonly problems: readonly Problem[];
  /** The file as written: saved as it is while the canvas holds it as imported (see `toSave`). */
  readonly original: Readonly<Record<string, unknown>>;
  readonly mark: GraphMark;
}

export const useConversion = create<{
  conversion: Conversion | undefined;
  /** The notice was closed (the problems stay where they are). */
  dismissed: boolean;
}>(() => ({ conversion: undefined, dismissed: false }));

/** The server's problems of the original file while the canvas holds it as imported. */
export function importedProblems(graph: EditorGraph): readonly Problem[] | undefined {
  const { conversion } = useConversion.getState();
  return conversion && sameMark(conversion.mark, markOf(graph)) ? conversion.problems : undefined;
}

/**
 * What a save sends: the original file (with the canvas's positions) while the canvas holds it as
 * imported, so that the server converts it and its audit entry lists the warnings; else `config`.
 */
export function toSave(graph: EditorGraph, config: { ui?: unknown }): unknown {
  const { conversion } = useConversion.getState();
  if (!conversion || !sameMark(conversion.mark, markOf(graph))) return config;
  return { ...conversion.original, ui: config.ui };
}
