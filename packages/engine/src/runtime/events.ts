import type { DagEvent } from '@flow/shared';

/** The types of a DAG's state and events are the API's, written once in @flow/shared. */
export type { DagEvent, DagState } from '@flow/shared';

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
