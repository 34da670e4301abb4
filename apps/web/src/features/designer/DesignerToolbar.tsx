import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  SegmentedControl,
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { saveHint } from './restore-text';
import { useShallow } from 'zustand/react/shallow';
import { useRole } from '../../auth';
import { useLive } from '../live/store';
import { can, errorText, useTRPC, useTRPCClient, type DagSummary } from '../../trpc';
import { useFitDag } from './use-fit-dag';
import { DraftBlockedStart } from '../drafts/DraftNotice';
import { useDraftState } from '../drafts/draft-store';
import { HeaderVersions } from './DeployNotice';
import { useProblems } from './problems-store';
import { useEditorStoreApi, useEditorStore } from './store-context';
import { runningOnText } from '../cluster/cluster-view';
import { useReadOnlyReason } from '../cluster/use-server-status';
import { isActive } from '../dashboard/deploy-view';
import { stateColor } from '../dashboard/StateBadge';

/**
 * The designer's header: the DAG's name, state and versions, the design/live switch, the editing
 * actions, and in the live view the stream's status, where the DAG runs (in a cluster) and the
 * DAG's start, suspend, resume and stop. While the server has not joined its cluster, Save and the
 * state buttons are disabled, their tooltip saying why.
 */
export function DesignerToolbar({
  name,
  live,
  editable,
  docName,
  summary,
  saving,
  liveStatus,
  onSave,
  onLayout,
  onImport,
  onExport,
  onHistory,
  onHelp,
}: {
  name: string | undefined;
  live: boolean;
  editable: boolean;
  docName: string;
  summary: DagSummary | undefined;
  saving: boolean;
  /** The live subscription's status. */
  liveStatus: string;
  onSave: () => void;
  onLayout: () => Promise<void>;
  onImport: () => void;
  onExport: () => void;
  onHistory: () => void;
  onHelp: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const role = useRole();
  const [, navigate] = useLocation();
  const fit = useFitDag();
  const designer = useEditorStoreApi();
  const paused = useLive((s) => s.paused);
  const { dirty, canUndo, canRedo } = useEditorStore(
    useShallow((s) => ({
      dirty: s.dirty,
      canUndo: s.past.length > 0,
      canRedo: s.future.length > 0,
    })),
  );

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

  const state = summary?.state;
  // A draft on the canvas is not what Start or Apply would run: they wait for a valid save.
  const draft = useDraftState((s) => s.draft);
  const hasProblems = useProblems((s) => s.problems.length > 0);
  const operate = can.operate(role) && summary !== undefined && !dirty && !draft;
  const readOnly = useReadOnlyReason();
  // data-disabled, not disabled: a disabled button gets no hover, so no tooltip saying why.
  const blocked = (run: () => void) => ({
    'data-disabled': readOnly ? true : undefined,
    'aria-disabled': readOnly ? true : undefined,
    onClick: readOnly ? undefined : run,
  });
  const stateButton = (
    action: 'start' | 'stop' | 'suspend' | 'resume',
    label: string,
    props: { color: string; variant?: string; leftSection?: ReactNode },
  ) => (
    <Tooltip label={readOnly} disabled={!readOnly} multiline w={320}>
      <Button {...props} {...blocked(() => stateAction.mutate(action))}>
        {label}
      </Button>
    </Tooltip>
  );
  const runsOn = live
    ? runningOnText(summary?.owners, state !== undefined && isActive(state))
    : null;
  return (
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
          <Tooltip
            label={
              readOnly ??
              (hasProblems
                ? 'The DAG has problems: save it as a draft (Ctrl+S); it cannot be started or deployed until saved without problems'
                : saveHint(summary))
            }
            multiline
            maw={320}
          >
            <Button
              leftSection={<IconDeviceFloppy size={14} />}
              loading={saving}
              color={hasProblems ? 'yellow' : undefined}
              {...blocked(onSave)}
            >
              {hasProblems ? 'Save draft' : 'Save'}
            </Button>
          </Tooltip>
          <Tooltip label="Undo (Ctrl+Z)">
            <ActionIcon
              aria-label="Undo"
              disabled={!canUndo}
              onClick={() => designer.getState().undo()}
            >
              <IconArrowBackUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <ActionIcon
              aria-label="Redo"
              disabled={!canRedo}
              onClick={() => designer.getState().redo()}
            >
              <IconArrowForwardUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Auto-layout (Shift+L)">
            <ActionIcon aria-label="Auto-layout" onClick={() => void onLayout()}>
              <IconLayoutDistributeHorizontal size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Import JSON">
            <ActionIcon aria-label="Import" onClick={onImport}>
              <IconUpload size={18} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Tooltip label="Export JSON">
        <ActionIcon aria-label="Export" onClick={onExport}>
          <IconDownload size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Zoom to fit (F)">
        <ActionIcon aria-label="Zoom to fit" onClick={() => fit({ animate: true, whole: true })}>
          <IconFocus2 size={18} />
        </ActionIcon>
      </Tooltip>
      {name && (
        <Tooltip label="Version history">
          <ActionIcon aria-label="Version history" onClick={onHistory}>
            <IconHistory size={18} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon aria-label="Keyboard shortcuts" onClick={onHelp}>
          <IconKeyboard size={18} />
        </ActionIcon>
      </Tooltip>
      <Box style={{ flex: 1 }} />
      {runsOn && (
        // Plain text that gives way first in a narrow toolbar (its title keeps the whole of it).
        <Text
          size="sm"
          c="dimmed"
          truncate
          title={runsOn}
          style={{ minWidth: 40, flexShrink: 4 }}
          data-testid="dag-runs-on"
        >
          {runsOn}
        </Text>
      )}
      {live && (
        <>
          <Badge
            variant="dot"
            color={
              paused
                ? 'gray'
                : liveStatus === 'pending'
                  ? 'green'
                  : liveStatus === 'error'
                    ? 'red'
                    : 'yellow'
            }
            data-paused={paused}
            data-testid="live-status"
          >
            {paused ? 'view paused' : liveStatus === 'pending' ? 'live' : liveStatus}
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
      {draft && can.operate(role) && !live && <DraftBlockedStart draft={draft} />}
      {operate &&
        state !== undefined &&
        !isActive(state) &&
        stateButton('start', 'Start', {
          color: 'green',
          leftSection: <IconPlayerPlay size={14} />,
        })}
      {operate &&
        state === 'running' &&
        stateButton('suspend', 'Suspend', { color: 'yellow', variant: 'light' })}
      {operate &&
        state === 'suspended' &&
        stateButton('resume', 'Resume', { color: 'green', variant: 'light' })}
      {operate &&
        state !== undefined &&
        isActive(state) &&
        stateButton('stop', 'Stop', {
          color: 'red',
          variant: 'light',
          leftSection: <IconPlayerStop size={14} />,
        })}
    </Group>
  );
}
