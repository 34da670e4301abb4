import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", Menlo, Consolas, monospace',
  components: {
    Button: { defaultProps: { size: 'xs' } },
    ActionIcon: { defaultProps: { variant: 'subtle' } },
  },
});

/** Colours of node kinds, shared by the palette, the canvas and the minimap. */
export const kindColor = {
  subscriber: 'teal',
  calculator: 'indigo',
  transformer: 'grape',
  publisher: 'orange',
  timer: 'cyan',
  sink: 'gray',
} as const;
export type Kind = keyof typeof kindColor;
