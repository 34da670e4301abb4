import { ActionIcon, Box, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { clampProblemsHeight, PROBLEMS_STRIP, usePanels } from './panel-layout';
import { useProblems } from './problems-store';

/**
 * The Problems panel's place under the canvas: a one-line strip while the DAG has no problems
 * (or the user collapsed it), else as high as the user left it, its top edge dragged (or moved
 * with the arrow keys) to resize it.
 */
export function ProblemsDock({ children }: { children: ReactNode }) {
  const count = useProblems((s) => s.problems.length);
  const expanded = usePanels((s) => s.problems);
  const stored = usePanels((s) => s.problemsHeight);
  const { toggle, setProblemsHeight } = usePanels.getState();
  const open = count > 0 && expanded;
  const height = open ? clampProblemsHeight(stored, window.innerHeight) : PROBLEMS_STRIP;
  const drag = useRef<{ y: number; height: number } | null>(null);

  const resize = (to: number) => setProblemsHeight(clampProblemsHeight(to, window.innerHeight));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, height };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) resize(drag.current.height + drag.current.y - e.clientY);
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 100 : 20;
    if (e.key === 'ArrowUp') resize(height + step);
    else if (e.key === 'ArrowDown') resize(height - step);
    else return;
    e.preventDefault();
  };

  return (
    <Box
      className="problems-dock"
      h={height}
      data-testid="problems-dock"
      data-expanded={open}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      {open && (
        <div
          className="problems-dock__handle"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the Problems panel"
          aria-valuenow={height}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
        />
      )}
      {count > 0 && (
        <Tooltip label={expanded ? 'Collapse to one line' : 'Show the problems'} position="left">
          <ActionIcon
            className="problems-dock__toggle"
            variant="subtle"
            size="sm"
            aria-label={`${expanded ? 'Collapse' : 'Expand'} the Problems panel`}
            aria-expanded={expanded}
            onClick={() => toggle('problems')}
          >
            {expanded ? <IconChevronDown size={16} /> : <IconChevronUp size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
      {children}
    </Box>
  );
}
