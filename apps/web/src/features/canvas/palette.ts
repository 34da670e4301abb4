/**
 * The colours the far-level canvas paints with, read from the same CSS variables the DOM nodes
 * use (Mantine's theme and React Flow's), so the canvas follows the light and the dark theme.
 */
import { kindColor, type Kind } from '../../theme';

export interface Palette {
  readonly kinds: Readonly<Record<Kind, string>>;
  /** Node body, text and border (designer.css `.dag-node`). */
  readonly body: string;
  readonly text: string;
  readonly border: string;
  readonly problem: string;
  /** Selection outline and selected edges. */
  readonly selection: string;
  /** The status dot: no data flowing, flowing, errors. */
  readonly idle: string;
  readonly on: string;
  readonly error: string;
  /** Warnings on the live line (designer.css `--flow-warning`). */
  readonly warning: string;
  /** Edges and their arrowheads, as React Flow draws them; green while data flows. */
  readonly edge: string;
  readonly flowing: string;
  readonly fontFamily: string;
  /** Near by: subtitles (monospace, dimmed) and the publish button. */
  readonly monoFamily: string;
  readonly dimmed: string;
  readonly button: string;
  /** The minimap's nodes (the canvas's `minimapColor`) and its mask outside the view. */
  readonly miniKinds: Readonly<Record<Kind, string>>;
  readonly mask: string;
}

/** Reads the palette from an element inside `.react-flow` (its variables are inherited). */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const shade = (n: number) =>
    Object.fromEntries(
      Object.entries(kindColor).map(([kind, colour]) => [
        kind,
        value(`--mantine-color-${colour}-${n}`, '#4c6ef5'),
      ]),
    ) as Record<Kind, string>;
  return {
    kinds: shade(6),
    body: value('--mantine-color-body', '#fff'),
    text: value('--mantine-color-text', '#000'),
    border: value('--mantine-color-default-border', '#dee2e6'),
    problem: value('--mantine-color-red-6', '#fa5252'),
    selection: value('--mantine-primary-color-filled', '#4c6ef5'),
    idle: value('--mantine-color-gray-5', '#adb5bd'),
    on: value('--mantine-color-green-6', '#40c057'),
    error: value('--mantine-color-red-6', '#fa5252'),
    warning: value('--flow-warning', '#f76707'),
    edge: value('--xy-edge-stroke', value('--xy-edge-stroke-default', '#b1b1b7')),
    flowing: value('--mantine-color-green-6', '#40c057'),
    fontFamily: style.fontFamily || 'sans-serif',
    monoFamily: value('--mantine-font-family-monospace', 'monospace'),
    dimmed: value('--mantine-color-dimmed', '#868e96'),
    button: value('--mantine-color-default', '#fff'),
    miniKinds: shade(5),
    mask: value(
      '--xy-minimap-mask-background-color',
      value('--xy-minimap-mask-background-color-default', 'rgb(240 240 240 / 60%)'),
    ),
  };
}
