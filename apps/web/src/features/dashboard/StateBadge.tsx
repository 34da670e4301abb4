import { Badge, Tooltip, type BadgeProps } from '@mantine/core';
import type { DagSummary } from '../../trpc';

export type DagState = DagSummary['state'];

/** One colour per DAG state, shared by the dashboard, the designer and the live view. */
export const stateColor = {
  running: 'green',
  suspended: 'yellow',
  stopped: 'gray',
  failed: 'red',
} as const satisfies Record<DagState, string>;

interface StateBadgeProps extends Omit<BadgeProps, 'color' | 'children'> {
  state: DagState;
  /** Why the DAG is in this state (e.g. outside its time window); shown as a tooltip. */
  reason?: string | null;
}

/** A DAG's state as a coloured badge, with the reason as a tooltip when there is one. */
export function StateBadge({ state, reason, ...props }: StateBadgeProps) {
  const badge = (
    <Badge
      color={stateColor[state]}
      // A light grey badge hardly shows on a hovered row; stopped gets an outline instead.
      variant={state === 'stopped' ? 'outline' : 'light'}
      size="sm"
      data-testid="dag-state"
      data-state={state}
      style={reason ? { cursor: 'help' } : undefined}
      {...props}
    >
      {state}
    </Badge>
  );
  return reason ? (
    <Tooltip label={reason} multiline maw={320} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
