import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { fitMinZoom, fitViewport } from './fit';
import type { FlowNode } from './model';

/**
 * Zoom to fit for the designer and the live view (fit.ts): after a load or an import (readable),
 * and on demand, `whole` (the F key, the buttons, after an auto-layout). `animate`: move there in
 * 300 ms rather than at once.
 */
export function useFitDag(): (options?: { animate?: boolean; whole?: boolean }) => void {
  const flow = useReactFlow<FlowNode>();
  const store = useStoreApi<FlowNode>();
  return useCallback(
    ({ animate = false, whole = false } = {}) => {
      const nodes = flow.getNodes();
      if (nodes.length === 0) return;
      const { width, height } = store.getState();
      const viewport = fitViewport(flow.getNodesBounds(nodes), width, height, {
        minZoom: fitMinZoom(nodes.length, { whole }),
      });
      void flow.setViewport(viewport, animate ? { duration: 300 } : undefined);
    },
    [flow, store],
  );
}
