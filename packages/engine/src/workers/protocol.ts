import type { Connections, NodeIssue } from '@flow/shared';
import type { Message } from '../message';
import type { FileRootInput } from '../policy/file-roots';
import type { FilePosition, PositionKey } from '../pubsub/positions';
import type { DagEvent } from '../runtime/events';
import type { ReplyFrame, RequestFrame } from './rpc';

/** What a worker thread is started with (its `workerData`). */
export interface WorkerInit {
  /** 1-based, the same for the threads that replace one another. */
  readonly id: number;
  readonly watch: Int32Array;
  readonly pluginFolders: readonly string[];
  readonly baseDir: string;
  readonly connections: Connections;
  /** `ALLOWED_HOSTS` as the host read it. */
  readonly hosts: string;
  readonly compiledPasses: boolean;
  readonly fileRoots: readonly FileRootInput[] | undefined;
  readonly adapterStopTimeoutMs: number | undefined;
  /** How often the worker reports its heap and its DAGs' states (ms). */
  readonly statsIntervalMs: number;
  /** The run lease, shared with the host (see DagEngine.setLease); absent: none. */
  readonly lease?: SharedArrayBuffer;
}

/**
 * The host's requests to a worker: the DagServer operations on the DAGs placed there. A config
 * crosses as JSON text: strings a structured clone makes are not internalized, and a calculator
 * looking up attributes by such names (`input[arg]`) ran a third slower than one configured from
 * parsed JSON (measured on the pipeline benchmark: 2.85 M against 4.2 M messages a second).
 */
export type WorkerRequest =
  | {
      readonly op: 'add';
      /** The config as JSON. */
      readonly config: string;
      readonly baseDir: string;
      readonly slot: number;
    }
  | { readonly op: 'update'; readonly config: string }
  | {
      readonly op: 'start' | 'stop' | 'suspend' | 'resume' | 'delete' | 'details';
      readonly name: string;
    }
  | {
      readonly op: 'inject';
      readonly dag: string;
      readonly node: string;
      readonly message: Message;
    }
  | { readonly op: 'list' }
  | {
      readonly op: 'record';
      readonly dag: string;
      readonly node: string;
      readonly issue: Pick<NodeIssue, 'level' | 'message' | 'input'>;
    }
  | {
      readonly op: 'skip';
      readonly dag: string;
      readonly node: string;
      /** The message as JSON (see 'add' for why). */
      readonly message: string;
    }
  | { readonly op: 'connections'; readonly connections: Connections }
  /** The run lease's buffer, shared (not copied); null: no lease. */
  | { readonly op: 'lease'; readonly buffer: SharedArrayBuffer | null }
  | { readonly op: 'plugins'; readonly folder: string }
  | { readonly op: 'events'; readonly on: boolean };

/** A worker's requests to its host: the file positions kept in the server's database. */
export type HostRequest =
  | { readonly op: 'position.load'; readonly key: PositionKey }
  | { readonly op: 'position.save'; readonly key: PositionKey; readonly position: FilePosition };

export type MemKind = 'queue' | 'topic';

/** Messages to the host's in-memory broker, batched per turn: [kind, name, messages]. */
export type MemBatch = readonly (readonly [MemKind, string, readonly Message[]])[];

export type HostToWorker =
  | RequestFrame<WorkerRequest>
  | ReplyFrame
  /** Messages for one of the worker's in-memory subscriptions (`link`). */
  | { readonly t: 'mem'; readonly link: number; readonly messages: readonly Message[] };

export interface WorkerStats {
  readonly heapUsed: number;
  readonly heapLimit: number;
  /** Each DAG's state and reason, so that the host's view follows time windows. */
  readonly states: readonly (readonly [string, string, string | undefined])[];
}

export type WorkerToHost =
  | RequestFrame<HostRequest>
  | ReplyFrame
  | { readonly t: 'ready' }
  | { readonly t: 'events'; readonly events: readonly DagEvent[] }
  | { readonly t: 'mem.push'; readonly batch: MemBatch }
  | {
      readonly t: 'mem.attach';
      readonly link: number;
      readonly kind: MemKind;
      readonly name: string;
      /** The DAG subscribing: the message it was stuck on is not requeued for it. */
      readonly dag?: string;
    }
  /** The worker's DAG computed `count` more messages of `link`: the host forgets them. */
  | { readonly t: 'mem.detach'; readonly link: number }
  | { readonly t: 'mem.credit'; readonly link: number; readonly count: number }
  | ({ readonly t: 'stats' } & WorkerStats);
