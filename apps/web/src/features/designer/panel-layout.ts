import { useMediaQuery } from '@mantine/hooks';
import { useEffect } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * The designer's panel layout as the user left it, remembered in localStorage: the palette, the
 * right-hand panel (properties in the designer, the inspector in the live view), the minimap, and
 * the Problems panel (expanded or a one-line strip, and its height).
 */
export interface PanelLayout {
  palette: boolean;
  properties: boolean;
  inspector: boolean;
  minimap: boolean;
  /** The minimap of a big DAG (BIG_MINIMAP_NODES), off unless asked for. */
  bigMinimap: boolean;
  problems: boolean;
  problemsHeight: number;
}
export type PanelName =
  'palette' | 'properties' | 'inspector' | 'minimap' | 'bigMinimap' | 'problems';

/**
 * From this many nodes the minimap starts hidden: React Flow's keeps a component and a store
 * subscription per node, and each frame of a pan costs about a quarter more main-thread time
 * with it at 1,000 nodes (pnpm bench:web). The minimap button (or M) shows it.
 */
export const BIG_MINIMAP_NODES = 300;

/** Which minimap flag applies to a DAG of this many nodes. */
export const minimapFlag = (nodes: number): 'minimap' | 'bigMinimap' =>
  nodes >= BIG_MINIMAP_NODES ? 'bigMinimap' : 'minimap';

/** The Problems panel's height as a one-line strip (its header), and its bounds when expanded. */
export const PROBLEMS_STRIP = 32;
export const PROBLEMS_MIN = 60;
export const PROBLEMS_DEFAULT = 150;
/** At most this share of the window's height. */
export const PROBLEMS_MAX_SHARE = 0.6;

/** A height for the expanded Problems panel, within its bounds for a window this high. */
export function clampProblemsHeight(height: number, windowHeight: number): number {
  const max = Math.max(PROBLEMS_MIN, Math.round(windowHeight * PROBLEMS_MAX_SHARE));
  return Math.min(max, Math.max(PROBLEMS_MIN, Math.round(height)));
}

const initial: PanelLayout = {
  palette: true,
  properties: true,
  inspector: true,
  minimap: true,
  bigMinimap: false,
  problems: true,
  problemsHeight: PROBLEMS_DEFAULT,
};

interface PanelStore extends PanelLayout {
  toggle: (panel: PanelName) => void;
  setProblemsHeight: (height: number) => void;
}

export const usePanels = create<PanelStore>()(
  persist(
    (set) => ({
      ...initial,
      toggle: (panel) => set((s) => ({ [panel]: !s[panel] })),
      setProblemsHeight: (problemsHeight) => set({ problemsHeight }),
    }),
    {
      name: 'flow.designer.panels',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ toggle: _toggle, setProblemsHeight: _set, ...layout }) => layout,
      // A stored value of another shape (an older app, a hand edit) falls back to the defaults.
      merge: (stored, current) => ({ ...current, ...validLayout(stored) }),
    },
  ),
);

/** The fields of a stored layout that have the right type. */
export function validLayout(stored: unknown): Partial<PanelLayout> {
  if (typeof stored !== 'object' || stored === null) return {};
  const out: Partial<PanelLayout> = {};
  const record = stored as Record<string, unknown>;
  for (const key of [
    'palette',
    'properties',
    'inspector',
    'minimap',
    'bigMinimap',
    'problems',
  ] as const)
    if (typeof record[key] === 'boolean') out[key] = record[key];
  const height = record.problemsHeight;
  if (typeof height === 'number' && Number.isFinite(height) && height > 0)
    out.problemsHeight = height;
  return out;
}

/** Below this window width the side panels and the minimap are narrower. */
export const NARROW_QUERY = '(max-width: 1279px)';

/** The side panels' widths and the minimap's size for the window's width. */
export function panelSizes(narrow: boolean) {
  return narrow
    ? { palette: 168, side: 252, minimap: { width: 150, height: 100 } }
    : { palette: 220, side: 340, minimap: { width: 200, height: 150 } };
}

export function usePanelSizes() {
  return panelSizes(useMediaQuery(NARROW_QUERY) ?? false);
}

/** The panel keys, for the shortcuts dialog. */
export const panelShortcuts: [string, string][] = [
  ['[', 'show or hide the palette'],
  [']', 'show or hide the properties (the inspector in the live view)'],
  ['M', 'show or hide the minimap'],
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The panel keys on the window (not while typing in a field); `nodes`: the DAG's size. */
export function usePanelKeys(live: boolean, nodes: () => number) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const { toggle } = usePanels.getState();
      if (e.key === '[' && !live) toggle('palette');
      else if (e.key === ']') toggle(live ? 'inspector' : 'properties');
      else if (e.key.toLowerCase() === 'm' && !e.shiftKey) toggle(minimapFlag(nodes()));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live, nodes]);
}
