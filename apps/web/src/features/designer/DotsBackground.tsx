import { useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';

const zoomSelector = (s: ReactFlowState) => s.transform[2];

/**
 * React Flow's dotted background (BackgroundVariant.Dots: a dot of `size` every `gap` flow
 * pixels, in its colours), drawn so that a pan costs no painting: one layer a gap larger than
 * the pane on every side, its dots a CSS gradient, moved by its transform by the pan modulo the
 * gap. React Flow's own redraws its SVG pattern at a new offset every frame of a pan, over the
 * whole pane; on a machine without a GPU that is a software raster of every dot each frame.
 */
export const DotsBackground = memo(function DotsBackground({
  gap = 16,
  size = 1,
}: {
  gap?: number;
  size?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const flow = useStoreApi();
  const zoom = useStore(zoomSelector);
  const step = gap * zoom;
  const radius = (size * zoom) / 2;

  useEffect(() => {
    const place = (x: number, y: number) => {
      const div = ref.current;
      if (!div) return;
      const mod = (v: number) => ((v % step) + step) % step;
      div.style.transform = `translate(${mod(x) - step}px, ${mod(y) - step}px)`;
    };
    const [x, y] = flow.getState().transform;
    place(x, y);
    return flow.subscribe((s, before) => {
      if (s.transform !== before.transform) place(s.transform[0], s.transform[1]);
    });
  }, [flow, step]);

  const colour =
    'var(--xy-background-pattern-dots-color, var(--xy-background-pattern-dots-color-default))';
  return (
    <div
      ref={ref}
      className="dots-background"
      data-testid="dots-background"
      style={{
        width: `calc(100% + ${2 * step}px)`,
        height: `calc(100% + ${2 * step}px)`,
        backgroundImage: `radial-gradient(circle at ${radius}px ${radius}px, ${colour} ${radius}px, transparent ${radius}px)`,
        backgroundSize: `${step}px ${step}px`,
      }}
    />
  );
});
