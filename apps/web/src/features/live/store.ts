import { create } from 'zustand';
import type { DagSummary, LiveEvent, LiveNode } from '@flow/shared';
import { dict } from '../../dict';
import { RateHistory, shownRate } from './rate-history';

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
  /**
   * The rate each node shows (rate-history.ts), sampled once a second: the canvas's figures carry
   * it too, so the node and the inspector show one rate.
   */
  rates: Readonly<Record<string, number>>;
  /** Samples taken into `rateHistory` (a new one each second while live data comes). */
  sampled: number;
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
/** Each watched node's recent rates (the inspector's sparkline); not state: `sampled` says when it changes. */
export const rateHistory = new RateHistory();
let sampler: ReturnType<typeof setInterval> | undefined;

/** The nodes with the rate they show (`rates`) in place of the engine's. */
function withRates(
  nodes: Readonly<Record<string, LiveNode>>,
  rates: Readonly<Record<string, number>>,
): Readonly<Record<string, LiveNode>> {
  const out = dict<LiveNode>();
  for (const [name, n] of Object.entries(nodes)) {
    const rate = shownRate(rates, n);
    out[name] = rate === n.rate ? n : { ...n, rate };
  }
  return out;
}
let figuresAt = 0;
let figuresTimer: ReturnType<typeof setTimeout> | undefined;

/** Live node state of the DAG on the canvas, fed by the `state.watch` subscription. */
export const useLive = create<LiveState>()((set, get) => {
  const showFigures = () => {
    figuresTimer = undefined;
    figuresAt = Date.now();
    set((s) => ({ figures: withRates(s.nodes, s.rates) }));
  };
  /** Once a second while live data comes and the view is not paused: the rates shown. */
  const sampleRates = () => {
    const { nodes, paused } = get();
    if (paused) return;
    rateHistory.sample(Date.now(), nodes);
    const rates = rateHistory.rates();
    // The figures with them, in the same update: the node and the inspector never disagree.
    clearTimeout(figuresTimer);
    figuresTimer = undefined;
    figuresAt = Date.now();
    set((s) => ({ rates, sampled: s.sampled + 1, figures: withRates(s.nodes, rates) }));
  };
  const commit = (event: LiveEvent) => {
    set((s) => {
      const nodes = Object.assign(dict<LiveNode>(), event.type === 'snapshot' ? {} : s.nodes);
      for (const n of event.nodes) nodes[n.name] = n;
      return { dag: event.dag, nodes, updatedAt: Date.now() };
    });
    if (sampler === undefined && typeof setInterval === 'function') {
      sampleRates();
      sampler = setInterval(sampleRates, FIGURES_EVERY_MS);
    }
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
    rates: dict(),
    sampled: 0,
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
      clearInterval(sampler);
      sampler = undefined;
      rateHistory.clear();
      set({
        dag: null,
        nodes: dict(),
        figures: dict(),
        rates: dict(),
        sampled: 0,
        paused: false,
        held: null,
        updatedAt: 0,
      });
    },
  };
});
