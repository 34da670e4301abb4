import { ActionIcon, Box, Group, Tooltip } from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconCopy,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconSitemap,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'wouter';
import { can, useTRPC, type DagSummary, type Role } from '../../trpc';
import { useReadOnlyReason } from '../cluster/use-server-status';
import { isActive } from './deploy-view';
import { notifyError } from './notify';

interface DagActionsProps {
  dag: DagSummary;
  role: Role | undefined;
  onClone: (dag: DagSummary) => void;
  onDelete: (dag: DagSummary) => void;
}

type StateAction = 'start' | 'stop' | 'suspend' | 'resume';

const ICON = 16;

/**
 * A DAG's row of buttons. Only what the role may do is shown, and only what the state allows:
 * start (stopped or failed), suspend (running), resume (suspended), stop (running or suspended).
 * Each button's accessible name is `<Verb> <dag name>`, e.g. `Start orders_enrich`. While the
 * server has not joined its cluster, the buttons that change something are disabled, their
 * tooltip saying why.
 */
export function DagActions({ dag, role, onClone, onDelete }: DagActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = (verb: string) => ({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() }),
    onError: (error: unknown) => notifyError(`Could not ${verb} ${dag.name}`, error),
  });
  const mutations = {
    start: useMutation(trpc.dags.start.mutationOptions(options('start'))),
    stop: useMutation(trpc.dags.stop.mutationOptions(options('stop'))),
    suspend: useMutation(trpc.dags.suspend.mutationOptions(options('suspend'))),
    resume: useMutation(trpc.dags.resume.mutationOptions(options('resume'))),
  } satisfies Record<StateAction, unknown>;
  const busy = Object.values(mutations).some((m) => m.isPending);
  const readOnly = useReadOnlyReason();

  const stateButton = (action: StateAction, label: string, color: string, icon: ReactNode) => (
    <IconButton
      label={`${label} ${dag.name}`}
      // A start deploys: the version shown, not one saved after the admin looked.
      tooltip={action === 'start' ? `${label} v${dag.latestVersion}` : label}
      color={color}
      loading={mutations[action].isPending}
      disabled={busy}
      blockedBy={readOnly}
      onClick={() =>
        action === 'start'
          ? mutations.start.mutate({ name: dag.name, version: dag.latestVersion })
          : mutations[action].mutate({ name: dag.name })
      }
    >
      {icon}
    </IconButton>
  );

  const operate = can.operate(role);
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {operate && (
        <>
          {!isActive(dag.state) &&
            stateButton('start', 'Start', 'green', <IconPlayerPlay size={ICON} />)}
          {dag.state === 'running' &&
            stateButton('suspend', 'Suspend', 'yellow', <IconPlayerPause size={ICON} />)}
          {dag.state === 'suspended' &&
            stateButton('resume', 'Resume', 'green', <IconPlayerPlay size={ICON} />)}
          {!isActive(dag.state) ? (
            // Keeps the columns of buttons aligned from row to row.
            <Box w={28} />
          ) : (
            stateButton('stop', 'Stop', 'red', <IconPlayerStop size={ICON} />)
          )}
        </>
      )}
      <IconButton
        label={`Open ${dag.name} in designer`}
        tooltip={can.edit(role) ? 'Open in designer' : 'View design'}
        href={`/dags/${dag.name}`}
      >
        <IconSitemap size={ICON} />
      </IconButton>
      <IconButton
        label={`Open live view of ${dag.name}`}
        tooltip="Live view"
        href={`/dags/${dag.name}/live`}
      >
        <IconActivityHeartbeat size={ICON} />
      </IconButton>
      {operate && (
        <>
          <IconButton
            label={`Clone ${dag.name}`}
            tooltip="Clone"
            blockedBy={readOnly}
            onClick={() => onClone(dag)}
          >
            <IconCopy size={ICON} />
          </IconButton>
          <IconButton
            label={`Delete ${dag.name}`}
            tooltip="Delete"
            color="red"
            blockedBy={readOnly}
            onClick={() => onDelete(dag)}
          >
            <IconTrash size={ICON} />
          </IconButton>
        </>
      )}
    </Group>
  );
}

interface IconButtonProps {
  /** The accessible name. */
  label: string;
  tooltip: string;
  color?: string;
  loading?: boolean;
  disabled?: boolean;
  /** Why the action is refused now: shown as the tooltip of a disabled button (it stays hoverable). */
  blockedBy?: string | null;
  /** A link when given, a button otherwise. */
  href?: string;
  onClick?: () => void;
  children: ReactNode;
}

function IconButton({
  label,
  tooltip,
  href,
  color,
  blockedBy,
  onClick,
  children,
  ...props
}: IconButtonProps) {
  // The subtle variant's icon colour is nearly white in the dark theme; the `-text` shade reads in both.
  const style = color
    ? ({ '--ai-color': `var(--mantine-color-${color}-text)` } as CSSProperties)
    : {};
  return (
    <Tooltip
      label={blockedBy ?? tooltip}
      openDelay={blockedBy ? 0 : 400}
      withArrow
      multiline
      maw={320}
    >
      {href ? (
        <ActionIcon component={Link} href={href} aria-label={label} color="gray">
          {children}
        </ActionIcon>
      ) : (
        <ActionIcon
          aria-label={label}
          {...props}
          // data-disabled, not disabled: a disabled button gets no hover, so no tooltip saying why.
          data-disabled={blockedBy ? true : undefined}
          aria-disabled={blockedBy ? true : undefined}
          onClick={blockedBy ? undefined : onClick}
          color={color ?? 'gray'}
          style={style}
        >
          {children}
        </ActionIcon>
      )}
    </Tooltip>
  );
}
