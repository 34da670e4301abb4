import { Alert, Box, Center, Loader } from '@mantine/core';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useRole } from '../../auth';
import { Inspector } from '../live/Inspector';
import { PublishDialog } from '../live/PublishDialog';
import { can, errorText } from '../../trpc';
import { useReadOnlyReason } from '../cluster/use-server-status';
import { Canvas } from './Canvas';
import { useFitDag } from './use-fit-dag';
import { useCatalog, useValidationCatalog } from './catalog';
import { DraftNotice } from '../drafts/DraftNotice';
import { ConversionNotice } from './ConversionNotice';
import { useConversion } from './conversion-store';
import { CanvasModeContext, type CanvasMode } from './DagNodeView';
import { VersionNotice } from './DeployNotice';
import { DesignerToolbar } from './DesignerToolbar';
import { HistoryDrawer } from './HistoryDrawer';
import { ImportDialog } from './ImportDialog';
import { NeedsEditRole } from './NeedsEditRole';
import './read-only.css';
import { autoLayout } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './model';
import { Palette } from './Palette';
import { PanelToggle } from './PanelToggle';
import { usePanelKeys, usePanels, usePanelSizes } from './panel-layout';
import './panels.css';
import { ProblemsDock } from './ProblemsDock';
import { ProblemsPanel } from './ProblemsPanel';
import { PropertyPanel } from './PropertyPanel';
import { ShortcutsDialog } from './ShortcutsDialog';
import type { PaletteItem } from './store';
import { EditorStoreProvider, useEditorStoreApi } from './store-context';
import { useDagDocument, useImportExport } from './use-dag-document';
import { useDesignerKeys } from './use-designer-keys';
import { useLiveSubscription } from './use-live-subscription';
import { useLiveValidation } from './validation';

function Designer({ name, live }: { name: string | undefined; live: boolean }) {
  const role = useRole();
  const flow = useReactFlow();
  const fit = useFitDag();
  const designer = useEditorStoreApi();
  const editable = can.edit(role) && !live;
  const catalog = useCatalog();
  const validationCatalog = useValidationCatalog(catalog.data);
  useLiveValidation(validationCatalog, !live);

  const { docName, summary, stored, loaded, savedVersion, saving, doSave, restored, draftOnly } =
    useDagDocument({ name, live });
  const subscription = useLiveSubscription({ name, live });
  const { importText, exportJson } = useImportExport(validationCatalog);

  const layout = useCallback(async () => {
    const { nodes, edges, setPositions } = designer.getState();
    setPositions(await autoLayout(nodes, edges));
    requestAnimationFrame(() => fit({ animate: true, whole: true }));
  }, [fit, designer]);

  // The notice of an imported original-format file follows it from the new DAG's page to its
  // saved one, and goes when another DAG is opened or this one is left.
  useEffect(() => {
    const { conversion } = useConversion.getState();
    if (conversion && (name === undefined || conversion.name !== name))
      useConversion.setState({ conversion: undefined, dismissed: false });
    if (name !== undefined)
      return () => useConversion.setState({ conversion: undefined, dismissed: false });
  }, [name]);

  const [importing, setImporting] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [publishTo, setPublishTo] = useState<string | null>(null);

  useDesignerKeys({ doSave, layout, editable, showHelp: () => setHelpOpen(true) });
  usePanelKeys(
    live,
    useCallback(() => designer.getState().nodes.length, [designer]),
  );
  const sizes = usePanelSizes();
  const sidePanel = live ? 'inspector' : 'properties';
  const panels = usePanels(
    useShallow((s) => ({ palette: s.palette, side: s[sidePanel], minimap: s.minimap })),
  );

  const addAtCentre = (item: PaletteItem) => {
    const box = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
    });
    // Centred there, or at the nearest free spot (the store never puts it on another node).
    designer
      .getState()
      .addFromPalette(item, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT.design / 2 });
  };

  // No test messages while the server has not joined its cluster (the banner says why).
  const readOnly = useReadOnlyReason() !== null;
  const mode: CanvasMode = {
    live,
    onPublish: live && can.operate(role) && summary && !readOnly ? setPublishTo : undefined,
  };

  if (name !== undefined && stored.error && !draftOnly)
    return (
      <Center h="100%">
        <Alert color="red" title="Cannot open this DAG">
          {errorText(stored.error)}
        </Alert>
      </Center>
    );
  if (name !== undefined && !loaded)
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );

  return (
    <CanvasModeContext.Provider value={mode}>
      <Box h="100%" style={{ display: 'flex', flexDirection: 'column' }}>
        <DesignerToolbar
          name={name}
          live={live}
          editable={editable}
          docName={docName}
          summary={summary}
          saving={saving}
          liveStatus={subscription.status}
          onSave={doSave}
          onLayout={layout}
          onImport={() => setImporting(true)}
          onExport={exportJson}
          onHistory={() => setHistoryOpen(true)}
          onHelp={() => setHelpOpen(true)}
        />
        <VersionNotice dag={summary} savedVersion={savedVersion} canApply={can.operate(role)} />
        {!live && <DraftNotice />}
        {!live && <ConversionNotice />}
        {live && subscription.error && (
          <Alert color="red" py={4}>
            {errorText(subscription.error)}
          </Alert>
        )}
        <Box style={{ flex: 1, minHeight: 0, display: 'flex' }}>
          {editable && panels.palette && (
            <Box
              w={sizes.palette}
              style={{ flex: 'none', borderRight: '1px solid var(--mantine-color-default-border)' }}
              data-testid="palette"
            >
              <Palette catalog={catalog.data} onAdd={addAtCentre} />
            </Box>
          )}
          <Box
            className="designer-canvas"
            style={{ flex: 1, minWidth: 0, position: 'relative' }}
            data-testid="canvas"
            data-minimap={panels.minimap ? 'shown' : 'hidden'}
          >
            <Canvas editable={editable} />
            {editable && <PanelToggle panel="palette" side="left" />}
            <PanelToggle panel={sidePanel} side="right" />
          </Box>
          {panels.side && (
            <Box
              w={sizes.side}
              data-read-only={!editable || undefined}
              style={{ flex: 'none', borderLeft: '1px solid var(--mantine-color-default-border)' }}
            >
              {live ? (
                <Inspector node={subscription.inspected ?? null} onPublish={mode.onPublish} />
              ) : (
                <PropertyPanel catalog={catalog.data} readOnly={!editable} />
              )}
            </Box>
          )}
        </Box>
        {!live && (
          <ProblemsDock>
            <ProblemsPanel />
          </ProblemsDock>
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
          onRestored={restored}
        />
      )}
      {name && <PublishDialog dag={name} node={publishTo} onClose={() => setPublishTo(null)} />}
      <ShortcutsDialog opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </CanvasModeContext.Provider>
  );
}

/** The designer and, on the same canvas, the live view of a running DAG. */
export default function DesignerPage({ name, live = false }: { name?: string; live?: boolean }) {
  const role = useRole();
  if (name === undefined && !can.edit(role)) return <NeedsEditRole />;
  return (
    <EditorStoreProvider>
      <ReactFlowProvider>
        <Designer key={name ?? 'new'} name={name} live={live} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
