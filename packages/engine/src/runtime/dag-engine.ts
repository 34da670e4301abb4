import type { z } from 'zod';
import type { ComponentCatalog, connectionsSchema, Dag, Problem } from '@flow/shared';
import type { PluginLoadReport } from '../components/plugins';
import type { ComponentRegistry } from '../components/registry';
import type { Message } from '../message';
import type { FileRoots } from '../policy/file-roots';
import type { HostPolicy } from '../policy/hosts';
import type { MemoryBroker } from '../pubsub/memory-broker';
import type { AddOptions, CloneOptions, ServerStatus } from './dag-server';
import type { DagDetails, DagSummary } from './details';
import type { DagEventListener, DagState } from './events';

/**
 * What the server uses of an engine holding DAGs: `DagServer` runs them in the calling thread,
 * `WorkerDagServer` in a pool of worker threads. What a worker must be asked for is a promise;
 * a caller awaits both alike.
 */
export interface DagEngine {
  readonly registry: ComponentRegistry;
  /** The in-memory queues and topics (`mem://`) of every DAG, in the calling thread. */
  readonly broker: MemoryBroker;
  readonly hosts: HostPolicy;
  readonly fileRoots: FileRoots | undefined;
  /** What configs are validated against: the registry's components and the named connections' names. */
  catalog(): ComponentCatalog;
  loadPlugins(folder: string): Promise<PluginLoadReport>;
  validate(config: unknown, baseDir?: string): Dag;
  problems(config: unknown, baseDir?: string): readonly Problem[];
  setConnections(connections: z.input<typeof connectionsSchema>): void;
  add(config: unknown, options?: AddOptions): DagSummary | Promise<DagSummary>;
  update(config: unknown): Promise<DagSummary>;
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  suspend(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  delete(name: string): Promise<void>;
  clone(name: string, newName: string, window?: CloneOptions): DagSummary | Promise<DagSummary>;
  inject(dagName: string, nodeName: string, message: Message): Promise<void>;
  details(name: string): DagDetails | Promise<DagDetails>;
  has(name: string): boolean;
  state(name: string): DagState;
  list(): DagSummary[] | Promise<DagSummary[]>;
  status(): ServerStatus;
  subscribe(listener: DagEventListener): () => void;
  /**
   * The run lease of this cluster member (issue 16): a SharedArrayBuffer holding one Float64,
   * `validUntil` in ms since the epoch, which the server keeps writing (`Infinity`: no lease).
   * Every source checks it before a message enters its DAG; past it the message is not processed
   * (nor acknowledged) and is counted as `fenced` on its node. Undefined: no lease (a single
   * server). The same buffer goes to every worker thread, including those started later.
   */
  setLease(buffer: SharedArrayBuffer | undefined): void | Promise<void>;
  stopAll(): Promise<void>;
  /** Stops every DAG and ends what the engine runs on (its worker threads). */
  close(): Promise<void>;
}
