import type { Message } from '../message';
import type { ConnectionStatus } from '../pubsub/types';
import type { NodeIssue } from './runtime-node';

export type DagState = 'stopped' | 'running' | 'suspended';

export type DagEvent =
  | {
      readonly type: 'computed';
      readonly dag: string;
      readonly node: string;
      readonly at: number;
      readonly input: Message | undefined;
      readonly output: Message | undefined;
      readonly computeCount: number;
    }
  | {
      readonly type: 'issue';
      readonly dag: string;
      readonly node: string;
      readonly issue: NodeIssue;
    }
  | {
      readonly type: 'state';
      readonly dag: string;
      readonly state: DagState;
      readonly reason?: string;
    }
  | {
      readonly type: 'connection';
      readonly dag: string;
      readonly node: string;
      readonly status: ConnectionStatus;
    };

export type DagEventListener = (event: DagEvent) => void;

/**
 * Fan-out of DAG events. Producers check `active` before building an event, so with nobody
 * listening an event costs one property read.
 */
export class EventHub {
  private readonly listeners = new Set<DagEventListener>();
  active = false;

  subscribe(listener: DagEventListener): () => void {
    this.listeners.add(listener);
    this.active = true;
    return () => {
      this.listeners.delete(listener);
      this.active = this.listeners.size > 0;
    };
  }

  emit(event: DagEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's failure must not stop the DAG; it is the listener's bug to fix.
        console.error('DAG event listener failed', error);
      }
    }
  }
}
