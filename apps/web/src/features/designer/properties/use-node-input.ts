import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import type { LiveEvent } from '@flow/shared';
import { useTRPC } from '../../../trpc';

export interface NodeInput {
  readonly value: unknown;
  /** When it was computed (the node's last compute), else when it arrived. */
  readonly at: number;
}

/**
 * The last live input of node `node` of DAG `dag` while the DAG runs, for the expression preview:
 * its own `state.watch` inspecting that node (the designer's canvas shows no live figures). A DAG
 * that does not run answers NOT_FOUND: then there is no input and the preview uses the sample.
 */
export function useNodeInput(dag: string | undefined, node: string | undefined) {
  const trpc = useTRPC();
  const [input, setInput] = useState<NodeInput | undefined>(undefined);
  useSubscription(
    trpc.state.watch.subscriptionOptions(
      { dag: dag ?? '', inspect: node ?? '' },
      {
        enabled: dag !== undefined && node !== undefined,
        onData: (event) => {
          const payload = ((event as { data?: unknown }).data ?? event) as LiveEvent;
          const live = payload.nodes.find((n) => n.name === node);
          if (live?.input === undefined) return;
          const at = live.lastComputeAt ? Date.parse(live.lastComputeAt) : Date.now();
          setInput((prev) =>
            prev && prev.at === at && prev.value === live.input ? prev : { value: live.input, at },
          );
        },
      },
    ),
  );
  return input;
}
