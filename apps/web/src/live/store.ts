import { create } from 'zustand';
import type { DagSummary, NodeDetails } from '../trpc';

export interface LiveEvent {
  readonly type: 'snapshot' | 'delta';
  readonly dag: DagSummary;
  readonly nodes: readonly NodeDetails[];
}

interface LiveState {
  dag: DagSummary | null;
  /** Each node's latest details; an update replaces only the nodes that changed. */
  nodes: Readonly<Record<string, NodeDetails>>;
  paused: boolean;
  /** Updates that arrived while paused, applied on resume. */
  held: LiveEvent | null;
  updatedAt: number;
  apply(event: LiveEvent): void;
  setPaused(paused: boolean): void;
  reset(): void;
}

function merge(into: LiveEvent | null, event: LiveEvent): LiveEvent {
  if (!into || event.type === 'snapshot') return event;
  const byName = new Map(into.nodes.map((n) => [n.name, n]));
  for (const n of event.nodes) byName.set(n.name, n);
  return { type: into.type, dag: event.dag, nodes: [...byName.values()] };
}

/** Live node state of the DAG on the canvas, fed by the `state.watch` subscription. */
export const useLive = create<LiveState>()((set, get) => ({
  dag: null,
  nodes: {},
  paused: false,
  held: null,
  updatedAt: 0,
  apply: (event) => {
    if (get().paused) {
      set((s) => ({ held: merge(s.held, event) }));
      return;
    }
    set((s) => {
      const nodes: Record<string, NodeDetails> = event.type === 'snapshot' ? {} : { ...s.nodes };
      for (const n of event.nodes) nodes[n.name] = n;
      return { dag: event.dag, nodes, updatedAt: Date.now() };
    });
  },
  setPaused: (paused) => {
    const held = get().held;
    set({ paused, held: null });
    if (!paused && held) get().apply(held);
  },
  reset: () => set({ dag: null, nodes: {}, paused: false, held: null, updatedAt: 0 }),
}));
