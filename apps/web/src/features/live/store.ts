import { create } from 'zustand';
import type { DagSummary, LiveEvent, LiveNode } from '@flow/shared';
import { dict } from '../../dict';

export type { LiveEvent } from '@flow/shared';

interface LiveState {
  dag: DagSummary | null;
  /** Each node's latest details; an update replaces only the nodes that changed. */
  nodes: Readonly<Record<string, LiveNode>>;
  /**
   * The nodes as the canvas's figures (rate, count, queue) show them: `nodes` again at most once
   * a second (and once more after the last update). A figure that changes ten times a second is
   * a blur to the eye, and redrawing it on a few hundred nodes each time cost a machine without a
   * GPU most of its frames; what a node is doing (data flowing, errors, connection) follows
   * `nodes` at once.
   */
  figures: Readonly<Record<string, LiveNode>>;
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

/**
 * Events wait for the next animation frame and go to the store together: a page that falls
 * behind (a big DAG, a slow machine, a backlog after a busy moment) renders the newest state
 * once a frame instead of once an event.
 */
let pending: LiveEvent | null = null;
let frame: number | undefined;

export const FIGURES_EVERY_MS = 1000;
let figuresAt = 0;
let figuresTimer: ReturnType<typeof setTimeout> | undefined;

/** Live node state of the DAG on the canvas, fed by the `state.watch` subscription. */
export const useLive = create<LiveState>()((set, get) => {
  const showFigures = () => {
    figuresTimer = undefined;
    figuresAt = Date.now();
    set((s) => ({ figures: s.nodes }));
  };
  const commit = (event: LiveEvent) => {
    set((s) => {
      const nodes = Object.assign(dict<LiveNode>(), event.type === 'snapshot' ? {} : s.nodes);
      for (const n of event.nodes) nodes[n.name] = n;
      return { dag: event.dag, nodes, updatedAt: Date.now() };
    });
    const wait = figuresAt + FIGURES_EVERY_MS - Date.now();
    if (event.type === 'snapshot' || wait <= 0) {
      clearTimeout(figuresTimer);
      showFigures();
    } else figuresTimer ??= setTimeout(showFigures, wait);
  };
  /** Drops what waits for the next frame and returns it. */
  const take = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
    const event = pending;
    pending = null;
    return event;
  };
  const flush = () => {
    frame = undefined;
    const event = take();
    if (event) commit(event);
  };
  return {
    dag: null,
    nodes: dict(),
    figures: dict(),
    paused: false,
    held: null,
    updatedAt: 0,
    apply: (event) => {
      if (get().paused) {
        set((s) => ({ held: merge(s.held, event) }));
        return;
      }
      if (typeof requestAnimationFrame !== 'function') {
        commit(event);
        return;
      }
      pending = merge(pending, event);
      frame ??= requestAnimationFrame(flush);
    },
    setPaused: (paused) => {
      // What arrived before the pause is shown.
      const waiting = take();
      if (waiting) commit(waiting);
      const held = get().held;
      set({ paused, held: null });
      if (!paused && held) get().apply(held);
    },
    reset: () => {
      take();
      clearTimeout(figuresTimer);
      figuresTimer = undefined;
      figuresAt = 0;
      set({ dag: null, nodes: dict(), figures: dict(), paused: false, held: null, updatedAt: 0 });
    },
  };
});
