import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Divider,
  Group,
  Kbd,
  Loader,
  Modal,
  SegmentedControl,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconDeviceFloppy,
  IconDownload,
  IconFocus2,
  IconHistory,
  IconKeyboard,
  IconLayoutDistributeHorizontal,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { validateDagJson } from '@flow/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import { useRole } from '../auth';
import { Inspector } from '../live/Inspector';
import { PublishDialog } from '../live/PublishDialog';
import { useLive, type LiveEvent } from '../live/store';
import { can, errorText, useTRPC, useTRPCClient } from '../trpc';
import { Canvas, FIT_VIEW, REFIT_VIEW } from './Canvas';
import { useCatalog, useValidationCatalog } from './catalog';
import { runningVersion, savedNotice } from '../pages/deploy-view';
import { CanvasModeContext, type CanvasMode } from './DagNodeView';
import { HeaderVersions, VersionNotice } from './DeployNotice';
import { HistoryDrawer } from './HistoryDrawer';
import { ImportDialog } from './ImportDialog';
import { autoLayout } from './layout';
import { emptyDoc, fromConfig, toConfig, type EditorGraph } from './model';
import { Palette } from './Palette';
import { useProblems } from './problems-store';
import { ProblemsPanel } from './ProblemsPanel';
import { PropertyPanel } from './PropertyPanel';
import { selectGraph, useDesigner, type PaletteItem } from './store';
import { useLiveValidation } from './validation';

const stateColor = { running: 'green', suspended: 'yellow', stopped: 'gray' } as const;

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

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

const shortcuts: [string, string][] = [
  ['Ctrl+S', 'save'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'redo'],
  ['Ctrl+C / Ctrl+V', 'copy / paste the selected nodes'],
  ['Ctrl+A', 'select every node'],
  ['Delete / Backspace', 'delete the selection'],
  ['Shift+drag', 'select with a box'],
  ['Ctrl+click', 'add to the selection'],
  ['F', 'zoom to fit'],
  ['Shift+L', 'auto-layout'],
  ['Double-click a palette item', 'add it to the canvas'],
];

function Designer({ name, live }: { name: string | undefined; live: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const role = useRole();
  const [, navigate] = useLocation();
  const flow = useReactFlow();
  const editable = can.edit(role) && !live;
  const catalog = useCatalog();
  const validationCatalog = useValidationCatalog(catalog.data);
  useLiveValidation(validationCatalog, !live);

  const summaries = useQuery(trpc.dags.list.queryOptions(undefined, { refetchInterval: 2_000 }));
  const docName = useDesigner((s) => s.doc.name);
  const summary = summaries.data?.find((d) => d.name === (name ?? docName));
  // The designer edits the latest version; the live view draws the version that runs (unless
  // the editor holds unsaved changes, which it keeps).
  const unsaved = useDesigner((s) => s.dirty);
  const version = live && !unsaved ? runningVersion(summary) : undefined;
  const stored = useQuery(
    trpc.dags.get.queryOptions(
      { name: name ?? '', ...(version !== undefined ? { version } : {}) },
      { enabled: name !== undefined, staleTime: 0 },
    ),
  );
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
      useDesigner.getState().load({ doc: emptyDoc(`my_dag_${n}`), nodes: [], edges: [] });
      setLoadedKey('new');
      return;
    }
    const data = stored.data;
    if (!data) return;
    const key = `${data.name}@${data.version}`;
    if (key === loadedKey) return;
    void loadConfig(data.config as Parameters<typeof fromConfig>[0]).then((graph) => {
      useDesigner.getState().load(graph);
      setLoadedKey(key);
      // Once React Flow has measured the nodes.
      setTimeout(() => void flow.fitView(FIT_VIEW), 80);
    });
  }, [name, stored.data, loadedKey, summaries.data, flow]);

  // Live state while in the live view.
  useEffect(() => {
    useLive.getState().reset();
  }, [name, live]);
  const selected = useDesigner(
    useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)),
  );
  // The one node selected is inspected: it gets its input, output and errors in the live stream.
  const inspected = selected.length === 1 ? selected[0] : undefined;
  const subscription = useSubscription(
    trpc.state.watch.subscriptionOptions(
      { dag: name ?? '', ...(inspected !== undefined ? { inspect: inspected } : {}) },
      {
        enabled: live && name !== undefined,
        onData: (event) => {
          const payload = (event as { data?: unknown }).data ?? event;
          useLive.getState().apply(payload as LiveEvent);
        },
      },
    ),
  );
  const paused = useLive((s) => s.paused);
  // A subscription cut off (the socket closed while it was being opened, say) tries again: the
  // live view mends itself, as it does when the server restarts.
  const resubscribe = useRef(subscription.reset);
  resubscribe.current = subscription.reset;
  useEffect(() => {
    if (subscription.status !== 'error') return;
    const timer = setTimeout(() => resubscribe.current(), 2_000);
    return () => clearTimeout(timer);
  }, [subscription.status]);

  const save = useMutation(
    trpc.dags.save.mutationOptions({
      onSuccess: async (saved) => {
        useDesigner.getState().markSaved();
        setLoadedKey(`${saved.name}@${saved.version}`);
        setSavedVersion(saved.version);
        // Saved into a running DAG: the notice under the header says it, not a passing toast.
        if (!savedNotice(saved.version, summary))
          notifications.show({
            color: 'green',
            message: `Saved ${saved.name} as version ${saved.version}`,
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
    if (problems.length > 0) {
      notifications.show({
        color: 'red',
        title: 'Not saved',
        message: `The DAG has ${problems.length} problem(s); fix them first (see Problems).`,
      });
      return;
    }
    save.mutate({ config: toConfig(selectGraph(useDesigner.getState())) });
  }, [save]);

  const stateAction = useMutation({
    mutationFn: async (action: 'start' | 'stop' | 'suspend' | 'resume') => {
      const dag = name ?? docName;
      // A start deploys the latest version the page shows, not one saved since.
      return action === 'start'
        ? client.dags.start.mutate({ name: dag, version: summary?.latestVersion })
        : client.dags[action].mutate({ name: dag });
    },
    onSuccess: async (_d, action) => {
      await queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() });
      if (action === 'start' && !live && name) navigate(`/dags/${name}/live`);
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });

  const layout = useCallback(async () => {
    const { nodes, edges, setPositions } = useDesigner.getState();
    setPositions(await autoLayout(nodes, edges));
    requestAnimationFrame(() => void flow.fitView(REFIT_VIEW));
  }, [flow]);

  const [importing, setImporting] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [publishTo, setPublishTo] = useState<string | null>(null);
  const { dirty, canUndo, canRedo } = useDesigner(
    useShallow((s) => ({
      dirty: s.dirty,
      canUndo: s.past.length > 0,
      canRedo: s.future.length > 0,
    })),
  );

  const importText = async (text: string) => {
    const result = validateDagJson(text, validationCatalog);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return result.ok ? undefined : result.problems.map((p) => p.message).join('\n');
    }
    const v = value as { name?: unknown; nodes?: unknown };
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof v.name !== 'string' ||
      !Array.isArray(v.nodes)
    )
      return 'not a DAG config: it needs at least "name" and "nodes"';
    useDesigner.getState().checkpoint();
    const graph = await loadConfig(value as Parameters<typeof fromConfig>[0]);
    useDesigner.setState({ ...graph, dirty: true });
    requestAnimationFrame(() => void flow.fitView(FIT_VIEW));
    notifications.show({
      color: result.ok ? 'green' : 'yellow',
      message: result.ok
        ? `Imported ${graph.doc.name}`
        : `Imported ${graph.doc.name} with ${result.problems.length} problem(s)`,
    });
    return undefined;
  };
  const exportJson = () => {
    const config = toConfig(selectGraph(useDesigner.getState()), { export: true });
    download(`${config.name}.json`, `${JSON.stringify(config, null, 2)}\n`);
  };

  // The browser asks before leaving a page with unsaved changes.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      if (useDesigner.getState().dirty && keys.current.editable) e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, []);

  // Keyboard shortcuts.
  const keys = useRef({ doSave, layout, editable });
  keys.current = { doSave, layout, editable };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = useDesigner.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const { editable: canEdit } = keys.current;
      if (mod && key === 's') {
        e.preventDefault();
        if (canEdit) keys.current.doSave();
      } else if (mod && key === 'z' && !e.shiftKey && canEdit) {
        e.preventDefault();
        s.undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y') && canEdit) {
        e.preventDefault();
        s.redo();
      } else if (mod && key === 'c') {
        const n = s.copySelection();
        if (n) notifications.show({ message: `Copied ${n} node(s)`, autoClose: 1500 });
      } else if (mod && key === 'v' && canEdit) {
        s.paste();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && canEdit) {
        s.deleteSelection();
      } else if (!mod && key === 'f') {
        void flow.fitView(REFIT_VIEW);
      } else if (e.shiftKey && key === 'l' && canEdit) {
        void keys.current.layout();
      } else if (e.key === '?') {
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flow]);

  const addAtCentre = (item: PaletteItem) => {
    const box = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
    });
    useDesigner.getState().addFromPalette(item, p);
  };

  const mode: CanvasMode = {
    live,
    onPublish: live && can.operate(role) && summary ? setPublishTo : undefined,
  };

  if (name !== undefined && stored.error)
    return (
      <Center h="100%">
        <Alert color="red" title="Cannot open this DAG">
          {errorText(stored.error)}
        </Alert>
      </Center>
    );
  if (name !== undefined && !loadedKey)
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );

  const state = summary?.state;
  const operate = can.operate(role) && summary !== undefined && !dirty;
  return (
    <CanvasModeContext.Provider value={mode}>
      <Box h="100%" style={{ display: 'flex', flexDirection: 'column' }}>
        <Group
          px="sm"
          py={6}
          gap="xs"
          wrap="nowrap"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Text fw={700} data-testid="dag-name">
            {docName}
          </Text>
          {state && (
            <Tooltip label={summary?.stateReason ?? state} disabled={!summary?.stateReason}>
              <Badge color={stateColor[state]} variant="light" data-testid="dag-state">
                {state}
              </Badge>
            </Tooltip>
          )}
          <HeaderVersions dag={summary} />
          {!summary && (
            <Badge variant="outline" color="gray">
              not saved yet
            </Badge>
          )}
          {dirty && !live && (
            <Badge variant="dot" color="orange">
              unsaved changes
            </Badge>
          )}
          {name && (
            <SegmentedControl
              size="xs"
              ml="sm"
              value={live ? 'live' : 'design'}
              onChange={(v) => navigate(v === 'live' ? `/dags/${name}/live` : `/dags/${name}`)}
              data={[
                { value: 'design', label: 'Design' },
                { value: 'live', label: 'Live', disabled: !summary },
              ]}
            />
          )}
          <Divider orientation="vertical" />
          {editable && (
            <>
              <Tooltip label="Save a new version (Ctrl+S)">
                <Button
                  leftSection={<IconDeviceFloppy size={14} />}
                  onClick={doSave}
                  loading={save.isPending}
                >
                  Save
                </Button>
              </Tooltip>
              <Tooltip label="Undo (Ctrl+Z)">
                <ActionIcon
                  aria-label="Undo"
                  disabled={!canUndo}
                  onClick={() => useDesigner.getState().undo()}
                >
                  <IconArrowBackUp size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Redo (Ctrl+Shift+Z)">
                <ActionIcon
                  aria-label="Redo"
                  disabled={!canRedo}
                  onClick={() => useDesigner.getState().redo()}
                >
                  <IconArrowForwardUp size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Auto-layout (Shift+L)">
                <ActionIcon aria-label="Auto-layout" onClick={() => void layout()}>
                  <IconLayoutDistributeHorizontal size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Import JSON">
                <ActionIcon aria-label="Import" onClick={() => setImporting(true)}>
                  <IconUpload size={18} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
          <Tooltip label="Export JSON">
            <ActionIcon aria-label="Export" onClick={exportJson}>
              <IconDownload size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Zoom to fit (F)">
            <ActionIcon aria-label="Zoom to fit" onClick={() => void flow.fitView(REFIT_VIEW)}>
              <IconFocus2 size={18} />
            </ActionIcon>
          </Tooltip>
          {name && (
            <Tooltip label="Version history">
              <ActionIcon aria-label="Version history" onClick={() => setHistoryOpen(true)}>
                <IconHistory size={18} />
              </ActionIcon>
            </Tooltip>
          )}
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
              <IconKeyboard size={18} />
            </ActionIcon>
          </Tooltip>
          <Box style={{ flex: 1 }} />
          {live && (
            <>
              <Badge
                variant="dot"
                color={
                  subscription.status === 'pending'
                    ? 'green'
                    : subscription.status === 'error'
                      ? 'red'
                      : 'yellow'
                }
                data-testid="live-status"
              >
                {paused
                  ? 'view paused'
                  : subscription.status === 'pending'
                    ? 'live'
                    : subscription.status}
              </Badge>
              <Button
                variant={paused ? 'filled' : 'default'}
                leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
                onClick={() => useLive.getState().setPaused(!paused)}
              >
                {paused ? 'Resume view' : 'Pause view'}
              </Button>
            </>
          )}
          {operate && state === 'stopped' && (
            <Button
              color="green"
              leftSection={<IconPlayerPlay size={14} />}
              onClick={() => stateAction.mutate('start')}
            >
              Start
            </Button>
          )}
          {operate && state === 'running' && (
            <Button color="yellow" variant="light" onClick={() => stateAction.mutate('suspend')}>
              Suspend
            </Button>
          )}
          {operate && state === 'suspended' && (
            <Button color="green" variant="light" onClick={() => stateAction.mutate('resume')}>
              Resume
            </Button>
          )}
          {operate && state !== 'stopped' && state !== undefined && (
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={14} />}
              onClick={() => stateAction.mutate('stop')}
            >
              Stop
            </Button>
          )}
        </Group>
        <VersionNotice dag={summary} savedVersion={savedVersion} canApply={can.operate(role)} />
        {live && subscription.error && (
          <Alert color="red" py={4}>
            {errorText(subscription.error)}
          </Alert>
        )}
        <Box style={{ flex: 1, minHeight: 0, display: 'flex' }}>
          {editable && (
            <Box
              w={220}
              style={{ borderRight: '1px solid var(--mantine-color-default-border)' }}
              data-testid="palette"
            >
              <Palette catalog={catalog.data} onAdd={addAtCentre} />
            </Box>
          )}
          <Box style={{ flex: 1, minWidth: 0, position: 'relative' }} data-testid="canvas">
            <Canvas editable={editable} />
          </Box>
          <Box w={340} style={{ borderLeft: '1px solid var(--mantine-color-default-border)' }}>
            {live ? (
              <Inspector node={inspected ?? null} onPublish={mode.onPublish} />
            ) : (
              <PropertyPanel catalog={catalog.data} readOnly={!editable} />
            )}
          </Box>
        </Box>
        {!live && (
          <Box h={150} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <ProblemsPanel />
          </Box>
        )}
      </Box>
      <ImportDialog opened={importing} onClose={() => setImporting(false)} onImport={importText} />
      {name && (
        <HistoryDrawer
          name={name}
          opened={historyOpen}
          onClose={() => setHistoryOpen(false)}
          canRestore={editable}
          deployment={summary}
          onRestored={(version) => {
            setLoadedKey(undefined);
            setSavedVersion(version);
          }}
        />
      )}
      {name && <PublishDialog dag={name} node={publishTo} onClose={() => setPublishTo(null)} />}
      <Modal opened={helpOpen} onClose={() => setHelpOpen(false)} title="Keyboard shortcuts">
        <Table>
          <Table.Tbody>
            {shortcuts.map(([k, what]) => (
              <Table.Tr key={k}>
                <Table.Td>
                  <Kbd size="xs">{k}</Kbd>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </CanvasModeContext.Provider>
  );
}

/** The designer and, on the same canvas, the live view of a running DAG. */
export default function DesignerPage({ name, live = false }: { name?: string; live?: boolean }) {
  return (
    <ReactFlowProvider>
      <Designer key={name ?? 'new'} name={name} live={live} />
    </ReactFlowProvider>
  );
}
