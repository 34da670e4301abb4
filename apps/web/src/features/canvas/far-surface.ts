/**
 * What the far view's input surfaces (pointer on the pane, keyboard, minimap) share with the view
 * they drive: the stores it reads and writes, its options, its scene and its next frame.
 */
import type { NodeChange } from '@xyflow/react';
import type { LiveNode } from '../../trpc';
import type { DagDoc, FlowEdge, FlowNode } from '../designer/model';
import type { Rect, Transform } from './geometry';
import type { Palette } from './palette';
import type { Scene, SceneNode } from './scene';

type Subscribe = (listener: () => void) => () => void;

/** Where the far view reads from and writes to: the designer's, problems', live and flow stores. */
export interface FarSources {
  graph(): {
    readonly doc: DagDoc;
    readonly nodes: readonly FlowNode[];
    readonly edges: readonly FlowEdge[];
  };
  problems(): Readonly<Record<string, readonly unknown[]>>;
  /** The nodes' latest live details, and the figures shown (refreshed once a second). */
  live(): Readonly<Record<string, LiveNode>>;
  figures(): Readonly<Record<string, LiveNode>>;
  viewport(): { readonly transform: Transform; readonly width: number; readonly height: number };
  /** React Flow's selection box (Shift and drag on the pane) while one is drawn: pane pixels. */
  selectionBox(): Rect | null;
  /** Calls the listener when what the function of the same name returns changed. */
  on: Readonly<Record<'graph' | 'problems' | 'live' | 'viewport' | 'selectionBox', Subscribe>>;
  /** Moves the view (the minimap centres it where it is pressed). */
  setViewport(transform: Transform): void;
  /** Zooms about the pane's centre (the wheel on the minimap). */
  zoomTo(zoom: number): void;
  selectOnly(id: string): void;
  applyChanges(changes: NodeChange<FlowNode>[]): void;
  checkpoint(): void;
}

export interface FarOptions {
  readonly live: boolean;
  readonly editable: boolean;
  readonly palette: Palette;
  /** Opens the publish dialog of a subscription node: near by, its button is on the canvas. */
  readonly onPublish?: ((node: string) => void) | undefined;
}

/** The far view as its input surfaces see it. */
export interface FarSurface {
  readonly sources: FarSources;
  /** The options the view has now (they change with `update`). */
  options(): FarOptions;
  /** The scene painted (built again after the graph, problems or options changed). */
  scene(): Scene;
  /** Paints again at the next animation frame (once however often asked). */
  schedule(): void;
  /** What a node is and does, in words (the pane's tooltip, the keyboard's announcements). */
  summaryOf(node: SceneNode): string;
}
