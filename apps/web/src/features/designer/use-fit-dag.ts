import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { fitMinZoom, fitViewport } from './fit';
import type { FlowNode } from './model';

/**
 * Zoom to fit for the designer and the live view (fit.ts): the F key, the buttons, after a load,
 * an import or an auto-layout. `animate`: move there in 300 ms rather than at once.
 */
export function useFitDag(): (options?: { animate?: boolean }) => void {
  const flow = useReactFlow<FlowNode>();
  const store = useStoreApi<FlowNode>();
  return useCallback(
    ({ animate = false } = {}) => {
      const nodes = flow.getNodes();
      if (nodes.length === 0) return;
      const { width, height } = store.getState();
      const viewport = fitViewport(flow.getNodesBounds(nodes), width, height, {
        minZoom: fitMinZoom(nodes.length),
      });
      void flow.setViewport(viewport, animate ? { duration: 300 } : undefined);
    },
    [flow, store],
  );
}
