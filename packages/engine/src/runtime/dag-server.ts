import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import {
  connectionKinds,
  connectionsSchema,
  problemAt,
  validateDag,
  validateDagJson,
  type ComponentCatalog,
  type Connections,
  type Dag,
  type Problem,
  type ServerStatus as ApiServerStatus,
} from '@flow/shared';
import { systemClock, type Clock } from '../clock';
import { loadPlugins, type PluginLoadReport } from '../components/plugins';
import { ComponentRegistry } from '../components/registry';
import { ConfigError, NotFoundError } from '../errors';
import type { Message } from '../message';
import { FileRoots, fileRootProblems, type FileRootInput } from '../policy/file-roots';
import { HostPolicy } from '../policy/hosts';
import { MemoryBroker } from '../pubsub/memory-broker';
import { MemoryPositionStore, type PositionStore } from '../pubsub/positions';
import type { DagEngine } from './dag-engine';
import { DagRuntime } from './dag-runtime';
import type { DagDetails, DagSummary } from './details';
import { EventHub, type DagEventListener, type DagState } from './events';
import { RunLease } from './lease';
import type { NodeIssue } from './runtime-node';

export interface DagServerOptions {
  readonly registry?: ComponentRegistry;
  readonly broker?: MemoryBroker;
  /** The broker one DAG's adapters use, when it is not `broker` (a worker tags them by DAG). */
  readonly brokerFor?: (dag: string) => MemoryBroker;
  readonly clock?: Clock;
  /** Folder relative `file:` URIs resolve against for DAGs added without one. */
  readonly baseDir?: string;
  /** Named broker and database connections (server settings). */
  readonly connections?: z.input<typeof connectionsSchema>;
  /** Which hosts network adapters may connect to (`ALLOWED_HOSTS`); default: any. */
  readonly hosts?: HostPolicy;
  /** `false` runs every DAG on the generic compute pass instead of compiled ones (for comparison). */
  readonly compiledPasses?: boolean;
  /**
   * The folders `file:` sources, publishers and dead letters must stay inside, checked at
   * validation and on every open. Undefined: unbound (the CLI without `--file-roots`).
   */
  readonly fileRoots?: readonly FileRootInput[];
  /** Where file subscribers keep their read positions (default: in memory, for this process). */
  readonly positions?: PositionStore;
  /** How long an adapter's start or stop may take before it is forced (default 5000 ms). */
  readonly adapterStopTimeoutMs?: number;
  /** Where DAGs write the compute in progress for a watchdog (in a worker; see workers/watch.ts). */
  readonly watch?: Int32Array;
}

export interface AddOptions {
  /** Folder relative `file:` URIs resolve against (default: the server's). */
  readonly baseDir?: string;
  /** The DAG's number in the watch array (in a worker). */
  readonly watchSlot?: number;
}

/** The engine's part of `server.status` (the API's type, written once in @flow/shared). */
export type ServerStatus = Pick<ApiServerStatus, 'uptimeMs' | 'startedAt' | 'dags' | 'workers'>;

export interface FolderLoadReport {
  readonly loaded: readonly string[];
  readonly failed: readonly { readonly file: string; readonly problems: readonly Problem[] }[];
}

export interface CloneOptions {
  readonly start_time?: string;
  readonly end_time?: string;
  readonly timezone?: string;
}

interface DagEntry {
  readonly runtime: DagRuntime;
  readonly baseDir: string;
  readonly watchSlot: number | undefined;
}

/** Holds many DAGs by name: add, update, lifecycle, clone, details, and one event stream for all. */
export class DagServer implements DagEngine {
  readonly registry: ComponentRegistry;
  readonly broker: MemoryBroker;
  readonly clock: Clock;
  private readonly events = new EventHub();
  private readonly dags = new Map<string, DagEntry>();
  private readonly watch: Int32Array | undefined;
  /** The run lease every DAG of this server checks before a source message enters it. */
  private readonly lease = new RunLease();
  private readonly brokerFor: ((dag: string) => MemoryBroker) | undefined;
  private readonly startedAt: number;
  private readonly baseDir: string;
  private readonly connections: Connections;
  readonly hosts: HostPolicy;
  private readonly compiledPasses: boolean;
  readonly fileRoots: FileRoots | undefined;
  private readonly positions: PositionStore;
  private readonly adapterStopTimeoutMs: number | undefined;

  constructor(options: DagServerOptions = {}) {
    this.registry = options.registry ?? new ComponentRegistry();
    this.broker = options.broker ?? new MemoryBroker();
    this.clock = options.clock ?? systemClock;
    this.baseDir = options.baseDir ?? process.cwd();
    this.connections = connectionsSchema.parse(options.connections ?? {});
    this.hosts = options.hosts ?? HostPolicy.open;
    this.startedAt = this.clock.now();
    this.compiledPasses = options.compiledPasses ?? true;
    this.fileRoots = options.fileRoots ? new FileRoots(options.fileRoots) : undefined;
    this.positions = options.positions ?? new MemoryPositionStore();
    this.adapterStopTimeoutMs = options.adapterStopTimeoutMs;
    this.watch = options.watch;
    this.brokerFor = options.brokerFor;
  }

  /** The named connections as parsed, shared with the runtimes (and sent to worker threads). */
  get connectionsInUse(): Connections {
    return this.connections;
  }

  /**
   * What configs are validated against: the registry's components and the names of the named
   * connections (a broker URI of the original format picks one of them).
   */
  catalog(): ComponentCatalog {
    const names = Object.fromEntries(
      connectionKinds.map((kind) => [kind, Object.keys(this.connections[kind])]),
    );
    return { ...this.registry.catalog(), connections: names };
  }

  /** Loads plugin modules into this server's registry. */
  loadPlugins(folder: string): Promise<PluginLoadReport> {
    return loadPlugins(folder, this.registry);
  }

  /** Validates and adds a DAG (stopped). Throws ConfigError with every problem, or when the name is taken. */
  add(config: unknown, options: AddOptions = {}): DagSummary {
    const dag = this.validate(config, options.baseDir);
    if (this.dags.has(dag.name)) {
      throw new ConfigError([
        problemAt(['name'], 'duplicate_name', `a DAG named "${dag.name}" already exists`),
      ]);
    }
    return this.install(dag, options.baseDir ?? this.baseDir, options.watchSlot);
  }

  /** Replaces a DAG's config; a running or suspended DAG is restarted with the new one. */
  async update(config: unknown): Promise<DagSummary> {
    const name = (config as { name?: unknown } | null)?.name;
    const known = typeof name === 'string' ? this.dags.get(name) : undefined;
    const dag = this.validate(config, known?.baseDir);
    const existing = this.entry(dag.name);
    const wasActive = existing.runtime.state !== 'stopped';
    await existing.runtime.stop();
    this.dags.delete(dag.name);
    const summary = this.install(dag, existing.baseDir, existing.watchSlot);
    if (wasActive) await this.start(dag.name);
    return wasActive ? this.entry(dag.name).runtime.summary() : summary;
  }

  /**
   * Checks a config against the schemas and, when this server is bound to file roots, every
   * `file:` URI against them (relative ones resolved against `baseDir`, default the server's).
   * Throws ConfigError with every problem.
   */
  validate(config: unknown, baseDir: string = this.baseDir): Dag {
    const result = validateDag(config, this.catalog());
    const fileProblems = this.fileRoots ? fileRootProblems(config, baseDir, this.fileRoots) : [];
    if (!result.ok) throw new ConfigError([...result.problems, ...fileProblems]);
    if (fileProblems.length > 0) throw new ConfigError(fileProblems);
    return result.dag;
  }

  /** Every problem of a config (schema and file roots), without adding it: [] when it is valid. */
  problems(config: unknown, baseDir?: string): readonly Problem[] {
    try {
      this.validate(config, baseDir);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  }

  /**
   * Replaces the named connections. Adapters resolve their connection when their DAG starts,
   * so DAGs started afterwards use the new ones; a running DAG keeps the connection it started
   * with until it is stopped and started again (or updated).
   */
  setConnections(connections: z.input<typeof connectionsSchema>): void {
    // One object shared with every runtime, changed in place: starts read it then.
    Object.assign(this.connections, connectionsSchema.parse(connections));
  }

  async start(name: string): Promise<void> {
    await this.entry(name).runtime.start();
  }

  async stop(name: string): Promise<void> {
    await this.entry(name).runtime.stop();
  }

  async suspend(name: string): Promise<void> {
    await this.entry(name).runtime.suspend();
  }

  async resume(name: string): Promise<void> {
    await this.entry(name).runtime.resume();
  }

  async delete(name: string): Promise<void> {
    await this.entry(name).runtime.stop();
    this.dags.delete(name);
  }

  /** A stopped copy under a new name, optionally with a new time window. */
  clone(name: string, newName: string, window: CloneOptions = {}): DagSummary {
    const { runtime, baseDir } = this.entry(name);
    const copy: Record<string, unknown> = {
      ...structuredClone(runtime.config),
      name: newName,
      ...window,
    };
    return this.add(copy, { baseDir });
  }

  async inject(dagName: string, nodeName: string, message: Message): Promise<void> {
    await this.entry(dagName).runtime.inject(nodeName, message);
  }

  details(name: string): DagDetails {
    return this.entry(name).runtime.details();
  }

  has(name: string): boolean {
    return this.dags.has(name);
  }

  state(name: string): DagState {
    return this.entry(name).runtime.state;
  }

  /** Records an error or warning on a node, as if its DAG had (the worker host's failures). */
  record(dag: string, node: string, issue: Pick<NodeIssue, 'level' | 'message' | 'input'>): void {
    const target = this.entry(dag).runtime.nodes.find((n) => n.name === node);
    if (!target) throw new NotFoundError(`DAG ${dag} has no node "${node}"`);
    target.record(issue.level, issue.message, issue.input);
  }

  list(): DagSummary[] {
    return [...this.dags.values()].map(({ runtime }) => runtime.summary());
  }

  runtime(name: string): DagRuntime {
    return this.entry(name).runtime;
  }

  /** Sources process nothing once the Float64 in `buffer` (ms since the epoch) has passed. */
  setLease(buffer: SharedArrayBuffer | undefined): void {
    this.lease.set(buffer);
  }

  status(): ServerStatus {
    const dags = { total: this.dags.size, running: 0, suspended: 0, stopped: 0, failed: 0 };
    for (const { runtime } of this.dags.values()) dags[runtime.state]++;
    return {
      uptimeMs: this.clock.now() - this.startedAt,
      startedAt: new Date(this.startedAt).toISOString(),
      dags,
      workers: [],
    };
  }

  /** Node computations, issues, DAG states and connection changes of every DAG. */
  subscribe(listener: DagEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Adds every `*.json` DAG in the folder; a bad file is reported with its problems and the others load. */
  async loadFolder(folder: string): Promise<FolderLoadReport> {
    const loaded: string[] = [];
    const failed: { file: string; problems: Problem[] }[] = [];
    const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
    for (const file of files) {
      const path = join(folder, file);
      const result = validateDagJson(await readFile(path, 'utf8'), this.catalog());
      if (!result.ok) {
        failed.push({ file: path, problems: result.problems });
        continue;
      }
      try {
        this.add(result.dag, { baseDir: resolve(folder) });
        loaded.push(result.dag.name);
      } catch (error) {
        failed.push({
          file: path,
          problems:
            error instanceof ConfigError
              ? [...error.problems]
              : [problemAt([], 'invalid_value', String(error))],
        });
      }
    }
    return { loaded, failed };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.dags.values()].map(({ runtime }) => runtime.stop()));
  }

  close(): Promise<void> {
    return this.stopAll();
  }

  private install(dag: Dag, baseDir: string, watchSlot: number | undefined): DagSummary {
    const runtime = new DagRuntime(dag, {
      registry: this.registry,
      broker: this.brokerFor?.(dag.name) ?? this.broker,
      clock: this.clock,
      events: this.events,
      baseDir,
      connections: this.connections,
      hosts: this.hosts,
      compiledPasses: this.compiledPasses,
      ...(this.fileRoots ? { fileRoots: this.fileRoots } : {}),
      positions: this.positions,
      ...(this.watch ? { watch: this.watch } : {}),
      ...(watchSlot !== undefined ? { watchSlot } : {}),
      lease: this.lease,
      ...(this.adapterStopTimeoutMs !== undefined
        ? { adapterStopTimeoutMs: this.adapterStopTimeoutMs }
        : {}),
    });
    this.dags.set(dag.name, { runtime, baseDir, watchSlot });
    return runtime.summary();
  }

  private entry(name: string): DagEntry {
    const entry = this.dags.get(name);
    if (!entry) throw new NotFoundError(`no DAG named "${name}"`);
    return entry;
  }
}
