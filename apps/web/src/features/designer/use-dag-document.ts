import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { validateDagJson, type ComponentCatalog, type ValidateDagResult } from '@flow/shared';
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { runningVersion, savedNotice } from '../dashboard/deploy-view';
import { errorText, useTRPC, useTRPCClient } from '../../trpc';
import { draftIsNewer, useDraftState } from '../drafts/draft-store';
import { useDraft } from '../drafts/use-draft';
import { markOf, toSave, useConversion, type Conversion } from './conversion-store';
import { autoLayout } from './layout';
import { emptyDoc, fromConfig, toConfig, type EditorGraph } from './model';
import { useProblems } from './problems-store';
import { selectGraph } from './store';
import { useEditorStore, useEditorStoreApi } from './store-context';
import { useFitDag } from './use-fit-dag';

/** Reads a config into the editor, laying it out when it has no positions. */
async function loadConfig(config: Parameters<typeof fromConfig>[0]): Promise<EditorGraph> {
  const graph = fromConfig(config);
  if (graph.positioned || graph.nodes.length === 0) return graph;
  const positions = await autoLayout(graph.nodes, graph.edges);
  const nodes = graph.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
  const laidOut = Object.fromEntries(nodes.map((n) => [n.id, n.position]));
  return { ...graph, doc: { ...graph.doc, laidOut }, nodes };
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The DAG the designer edits: loaded into the editor's store once per name and version (a new
 * one named apart from the DAGs there are), saved as a new version, and the version this page
 * saved last (the deploy notice says when the running DAG does not run it).
 */
export function useDagDocument({ name, live }: { name: string | undefined; live: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const fit = useFitDag();
  const designer = useEditorStoreApi();

  const summaries = useQuery(trpc.dags.list.queryOptions(undefined, { refetchInterval: 2_000 }));
  const docName = useEditorStore((s) => s.doc.name);
  const summary = summaries.data?.find((d) => d.name === (name ?? docName));
  // The designer edits the latest version; the live view draws the version that runs (unless
  // the editor holds unsaved changes, which it keeps).
  const unsaved = useEditorStore((s) => s.dirty);
  const version = live && !unsaved ? runningVersion(summary) : undefined;
  const stored = useQuery(
    trpc.dags.get.queryOptions(
      { name: name ?? '', ...(version !== undefined ? { version } : {}) },
      { enabled: name !== undefined, staleTime: 0 },
    ),
  );
  const drafts = useDraft(name, live);
  const [loadedKey, setLoadedKey] = useState<string>();
  // The version this page saved last: a notice says when the running DAG does not run it.
  const [savedVersion, setSavedVersion] = useState<number>();

  // Load the stored DAG (or a new one) into the editor once per name and version.
  useEffect(() => {
    if (name === undefined) {
      if (loadedKey === 'new') return;
      const taken = new Set(summaries.data?.map((d) => d.name));
      let n = 1;
      while (taken.has(`my_dag_${n}`)) n++;
      designer.getState().load({ doc: emptyDoc(`my_dag_${n}`), nodes: [], edges: [] });
      setLoadedKey('new');
      return;
    }
    // A draft newer than the latest version (or of a DAG without one) opens instead of it.
    if (drafts.pending) return;
    const draft = drafts.draft;
    if (draft && draftIsNewer(draft)) {
      const { config, problems: _problems, ...summary } = draft;
      useDraftState.setState({ draft: summary });
      const draftKey = `${draft.name}@draft@${draft.savedAt}`;
      if (draftKey === loadedKey) return;
      void loadConfig(config as Parameters<typeof fromConfig>[0]).then((graph) => {
        designer.getState().load(graph);
        setLoadedKey(draftKey);
        setTimeout(() => fit(), 80);
      });
      return;
    }
    if (useDraftState.getState().draft) useDraftState.setState({ draft: undefined });
    const data = stored.data;
    if (!data) return;
    const key = `${data.name}@${data.version}`;
    if (key === loadedKey) return;
    void loadConfig(data.config as Parameters<typeof fromConfig>[0]).then((graph) => {
      designer.getState().load(graph);
      setLoadedKey(key);
      // Once React Flow has measured the nodes.
      setTimeout(() => fit(), 80);
    });
  }, [name, stored.data, loadedKey, summaries.data, fit, designer, drafts.draft, drafts.pending]);

  const draftSave = drafts.save;
  const save = useMutation(
    trpc.dags.save.mutationOptions({
      onSuccess: async (saved) => {
        designer.getState().markSaved();
        // The server removed the draft: the page does not wait for a refetch to forget it.
        queryClient.setQueryData(trpc.dags.getDraft.queryKey({ name: saved.name }), null);
        useDraftState.setState({ draft: undefined });
        setLoadedKey(`${saved.name}@${saved.version}`);
        setSavedVersion(saved.version);
        // Saved into a running DAG: the notice under the header says it, not a passing toast.
        if (!savedNotice(saved.version, summary))
          notifications.show({
            color: 'green',
            message: `Saved ${saved.name} as version ${saved.version}${
              saved.originalFormat ? ', converted from the original format' : ''
            }`,
          });
        await queryClient.invalidateQueries({ queryKey: trpc.dags.pathKey() });
        if (saved.name !== name) navigate(`/dags/${saved.name}`, { replace: true });
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Not saved',
          message: errorText(error),
          autoClose: 8000,
        }),
    }),
  );
  const doSave = useCallback(() => {
    const problems = useProblems.getState().problems;
    const graph = selectGraph(designer.getState());
    const config = toSave(graph, toConfig(graph));
    // With problems, a draft: kept, but never started or deployed until saved without them.
    if (problems.length > 0) {
      draftSave.mutate(config, {
        onSuccess: ({ saved, draft }) => {
          designer.getState().markSaved();
          queryClient.setQueryData(trpc.dags.getDraft.queryKey({ name: saved.name }), draft);
          if (draft) {
            const { config: _config, problems: _problems, ...summary } = draft;
            useDraftState.setState({ draft: summary });
            setLoadedKey(`${draft.name}@draft@${draft.savedAt}`);
          }
          if (saved.name !== name) navigate(`/dags/${saved.name}`, { replace: true });
        },
      });
      return;
    }
    save.mutate({ config });
  }, [save, draftSave, designer, name, navigate, queryClient, trpc]);

  /** A version restored from the history: load it again, and the notice follows it. */
  const restored = useCallback((version: number) => {
    setLoadedKey(undefined);
    setSavedVersion(version);
  }, []);

  return {
    docName,
    summary,
    /** The stored DAG's query (its error says why it cannot be opened). */
    stored,
    /** The editor holds the DAG (a stored one is loaded, or a new one made). */
    loaded: loadedKey !== undefined,
    savedVersion,
    saving: save.isPending || draftSave.isPending,
    /** The DAG exists only as a draft (no saved version): it opens as that draft. */
    draftOnly: drafts.draft != null && drafts.draft.latestVersion === null,
    doSave,
    restored,
  };
}

/** Import of a DAG config's JSON into the editor (one undo step) and export of the editor's. */
export function useImportExport(catalog: ComponentCatalog) {
  const fit = useFitDag();
  const designer = useEditorStoreApi();
  const client = useTRPCClient();

  /** Puts a config on the canvas as one undo step; `conversion` for an original-format file. */
  const show = async (config: unknown, conversion?: Omit<Conversion, 'mark' | 'name'>) => {
    const v = config as { name?: unknown; nodes?: unknown };
    if (
      typeof config !== 'object' ||
      config === null ||
      typeof v.name !== 'string' ||
      !Array.isArray(v.nodes)
    )
      return { problem: 'not a DAG config: it needs at least "name" and "nodes"' };
    designer.getState().checkpoint();
    const graph = await loadConfig(config as Parameters<typeof fromConfig>[0]);
    // Before the canvas changes: the Problems panel then shows the file's own problems.
    useConversion.setState({
      conversion: conversion && { ...conversion, name: graph.doc.name, mark: markOf(graph) },
      dismissed: false,
    });
    designer.setState({ ...graph, dirty: true });
    requestAnimationFrame(() => fit());
    return { name: graph.doc.name };
  };

  /** A file of the original format: the server converts it (and decides what it is). */
  const importOriginal = async (value: unknown): Promise<string | undefined> => {
    let reply: ValidateDagResult;
    try {
      reply = await client.dags.validate.mutate({ config: value });
    } catch (error) {
      return errorText(error);
    }
    if (!reply.originalFormat || !reply.converted)
      return reply.problems.map((p) => `${p.path}: ${p.message}`).join('\n') || undefined;
    const warnings = reply.warnings ?? [];
    const shown = await show(reply.converted, {
      warnings,
      problems: reply.problems,
      original: value as Record<string, unknown>,
    });
    if (shown.problem) return shown.problem;
    notifications.show({
      color: reply.ok ? 'green' : 'yellow',
      message: `Imported ${shown.name}, converted from the original format${
        reply.ok ? '' : ` with ${reply.problems.length} problem(s)`
      }`,
    });
    return undefined;
  };

  const importText = async (text: string) => {
    const result = validateDagJson(text, catalog);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return result.ok ? undefined : result.problems.map((p) => p.message).join('\n');
    }
    if (result.originalFormat) return importOriginal(value);
    const shown = await show(value);
    if (shown.problem) return shown.problem;
    notifications.show({
      color: result.ok ? 'green' : 'yellow',
      message: result.ok
        ? `Imported ${shown.name}`
        : `Imported ${shown.name} with ${result.problems.length} problem(s)`,
    });
    return undefined;
  };
  /** The editor's DAG in our format (an imported original-format file was converted at import). */
  const exportJson = () => {
    const config = toConfig(selectGraph(designer.getState()), { export: true });
    download(`${config.name}.json`, `${JSON.stringify(config, null, 2)}\n`);
  };
  return { importText, exportJson };
}
