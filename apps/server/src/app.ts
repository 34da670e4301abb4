import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import {
  ConfigError,
  DagServer,
  NotFoundError,
  WorkerDagServer,
  type DagEngine,
  type DagState,
  type Message,
} from '@flow/engine';
import {
  jsonLimitProblems,
  problemAt,
  type DagDetailsView,
  type DagListEntry,
  type DagVersions,
  type DeployResult,
  type Problem,
  type SaveDagResult,
  type SaveDraftResult,
  type ServerStatus,
  type ValidateDagResult,
} from '@flow/shared';
import { hashPassword, randomPassword } from './auth/passwords';
import type { ClusterGate } from './cluster/forward';
import { prepareConnections } from './connections/inline';
import { ConnectionManager } from './connections/manager';
import { fileRootsOf, type Settings } from './config/env';
import { Deployments } from './deployments';
import { saveDraft } from './drafts';
import { importFolder } from './import-folder';
import {
  originalFormatAudit,
  originalFormatReply,
  readIncoming,
  type IncomingConfig,
} from './original-config';
import { AuditLog } from './store/audit';
import { ConnectionStore } from './store/connections';
import { pgliteDatabase, postgresDatabase, type Database } from './store/database';
import { DagStore } from './store/dags';
import { DraftStore } from './store/drafts';
import { FenceStore } from './store/fences';
import { FilePositionStore } from './store/file-positions';
import { migrate } from './store/migrations';
import { SessionStore } from './store/sessions';
import { UserStore, type Role } from './store/users';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const VERSION = '0.1.0';

/** The server's state: storage, the engine holding the DAGs, users and the audit log. */
export class FlowApp {
  readonly startedAt = Date.now();
  /** In a cluster (ZOOKEEPER_HOSTS): where DAG operations run, and whether changes are allowed. */
  private gate: ClusterGate | undefined;
  get cluster(): ClusterGate | undefined {
    return this.gate;
  }
  /** `primary` for a single server; in a cluster, as the cluster sees this instance. */
  get role(): ServerStatus['role'] {
    return this.gate?.role() ?? 'primary';
  }
  /** What people call this instance: INSTANCE_NAME, default `<hostname>:<port>`. */
  get instance(): string {
    return this.settings.INSTANCE_NAME ?? `${hostname()}:${this.settings.PORT}`;
  }
  /** Which version of each DAG runs; the only way a version comes to run. */
  readonly deployments: Deployments;
  /** Configs saved with their problems, one per DAG name; never run (issue 18). */
  readonly drafts: DraftStore;

  private constructor(
    readonly settings: Settings,
    readonly db: Database,
    readonly engine: DagEngine,
    readonly users: UserStore,
    readonly sessions: SessionStore,
    readonly dags: DagStore,
    readonly audit: AuditLog,
    readonly logger: Logger,
    readonly positions: FilePositionStore,
    readonly connections: ConnectionManager,
    readonly fences: FenceStore,
  ) {
    this.deployments = new Deployments(engine, dags, audit);
    this.drafts = new DraftStore(db);
  }

  /** In a cluster: operations go through the gate and file positions carry the run lock's epoch. */
  attachCluster(gate: ClusterGate): void {
    this.gate = gate;
    this.positions.fencing = {
      fences: this.fences,
      fenceOf: (dag) => gate.coordinator.fenceOf(dag),
      refused: (err) => this.logger.warn({ err }, 'cluster: stale file position refused'),
    };
  }

  /** Every change is refused (503, saying why) while this instance is not in its cluster. */
  private writable(): void {
    this.gate?.writable();
  }

  /** Tells the other instances of the cluster that a DAG changed (nothing on a single server). */
  private async changed(dag: string): Promise<void> {
    await this.gate?.changed(dag);
  }

  /**
   * Opens the store and loads every DAG. A single server runs those meant to run; in a cluster
   * none runs until the coordinator holds its run lock (and DAG_CONFIG_FOLDER is imported by the
   * first leader). `database`: an opened one instead (tests: instances sharing one store).
   */
  static async open(settings: Settings, logger: Logger, database?: Database): Promise<FlowApp> {
    const clustered = settings.ZOOKEEPER_HOSTS !== undefined;
    const db =
      database ??
      (settings.DATABASE_URL
        ? postgresDatabase(settings.DATABASE_URL)
        : await pgliteDatabase(settings.DATA_DIR));
    const applied = await migrate(db);
    if (applied.length) logger.info({ migrations: applied, store: db.kind }, 'database migrated');
    // The server is always bound to its file roots: analysts' DAGs read and write only there.
    const fileRoots = fileRootsOf(settings);
    for (const root of fileRoots) await mkdir(root.path, { recursive: true });
    const baseDir = resolve(settings.DAG_CONFIG_FOLDER ?? join(settings.DATA_DIR, 'files'));
    const positions = new FilePositionStore(db);
    const dags = new DagStore(db);
    const audit = new AuditLog(db);
    let opened: FlowApp | undefined;
    const failed = async (dag: string, reason: string) => {
      try {
        const gate = opened?.gate;
        // In a cluster, only with this instance's run lock of the DAG (an older holder is refused).
        if (!gate) await dags.setDesiredState(dag, 'stopped');
        else if (await gate.fenced(dag, (tx) => dags.setDesiredState(dag, 'stopped', tx)))
          await gate.changed(dag);
        else return;
        await audit.record('system', 'dag.failed', dag, { reason });
      } catch (error) {
        logger.error({ err: error, dag }, 'could not record a failed DAG');
      }
      logger.warn({ dag, reason }, 'DAG failed');
    };
    const engineOptions = {
      connections: settings.connections,
      baseDir,
      hosts: settings.hosts,
      fileRoots,
      positions,
      adapterStopTimeoutMs: settings.ADAPTER_STOP_TIMEOUT_MS,
    };
    const engine: DagEngine =
      settings.DAG_WORKERS > 0
        ? new WorkerDagServer({
            ...engineOptions,
            workers: settings.DAG_WORKERS,
            maxHeapMb: settings.DAG_WORKER_MAX_HEAP_MB,
            // A DAG the watchdog failed stays stopped, across restarts too, until an admin
            // starts it; the audit log says why.
            onFailed: (dag, reason) => void failed(dag, reason),
          })
        : new DagServer(engineOptions);
    const connections = new ConnectionManager(
      settings.connections,
      new ConnectionStore(db),
      dags,
      engine,
      audit,
    );
    await connections.apply();
    const app = (opened = new FlowApp(
      settings,
      db,
      engine,
      new UserStore(db),
      new SessionStore(db, settings.SESSION_TTL_HOURS * 3600_000),
      dags,
      audit,
      logger,
      positions,
      connections,
      new FenceStore(db),
    ));
    if (settings.PLUGIN_FOLDER) {
      const report = await engine.loadPlugins(settings.PLUGIN_FOLDER);
      for (const p of report.loaded) logger.info(p, 'plugin loaded');
      for (const f of report.failed) logger.error(f, 'plugin not loaded');
    }
    await app.ensureAdmin();
    if (settings.DAG_CONFIG_FOLDER && !clustered) await app.importFolder();
    await app.loadStoredDags(!clustered);
    return app;
  }

  /** On first start with no users: `admin` with ADMIN_PASSWORD or a random password printed once. */
  private async ensureAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.settings.ADMIN_PASSWORD ?? randomPassword();
    await this.users.create('admin', await hashPassword(password), 'admin');
    await this.audit.record('system', 'user.create', null, { username: 'admin', role: 'admin' });
    if (!this.settings.ADMIN_PASSWORD) {
      // Printed once, on the console only (not through the logger, whose output may be shipped).
      process.stdout.write(
        `\n  First start: created user "admin" with password: ${password}\n  (set ADMIN_PASSWORD to choose it; it is not shown again)\n\n`,
      );
    }
  }

  /**
   * Imports the DAG files of DAG_CONFIG_FOLDER that are not stored yet (see import-folder.ts);
   * returns the names it stored.
   */
  importFolder(): Promise<string[]> {
    const folder = this.settings.DAG_CONFIG_FOLDER;
    return folder ? importFolder(folder, this) : Promise.resolve([]);
  }

  /** Puts every stored DAG into the engine; those meant to run run their deployed version. */
  private async loadStoredDags(run: boolean): Promise<void> {
    for (const stored of await this.dags.list()) {
      try {
        await this.deployments.load(stored, { run });
      } catch (error) {
        this.logger.error({ dag: stored.name, err: error }, 'stored DAG could not be loaded');
      }
    }
  }

  /**
   * Validates and stores a config as a new version. Save is not deploy: a running or suspended
   * DAG goes on with its deployed version until an admin deploys another (`deployDag`).
   * `role` is the saver's: analysts may not add or change inline hosts and credentials. A config
   * in the original system's format is stored converted into ours; the reply and the audit entry
   * list the conversion's warnings.
   */
  async saveDag(
    incoming: unknown,
    author: string,
    comment: string | undefined,
    role: Role,
  ): Promise<SaveDagResult> {
    this.writable();
    const checked = await this.check(incoming, role);
    if (checked.problems.length > 0) throw new ConfigError(checked.problems);
    const config = checked.config as Record<string, unknown> & { name: string };
    const version = await this.dags.save(config, author, comment ?? null);
    await this.drafts.remove(config.name);
    await this.deployments.saved(config, version);
    const original = checked.read?.original;
    await this.audit.record(author, 'dag.save', config.name, {
      version,
      ...originalFormatAudit(original),
    });
    await this.changed(config.name);
    return { name: config.name, version, ...originalFormatReply(original) };
  }

  /** Stores a config with its problems as its DAG's draft (drafts.ts); deploys nothing. */
  async saveDraft(incoming: unknown, author: string, role: Role): Promise<SaveDraftResult> {
    this.writable();
    const validate = (config: unknown, as: Role) => this.validateDag(config, as);
    return saveDraft({ validate, drafts: this.drafts, audit: this.audit }, incoming, author, role);
  }

  /** Every problem a save of this config by this role would meet, without saving it. */
  async validateDag(incoming: unknown, role: Role): Promise<ValidateDagResult> {
    const { problems, read } = await this.check(incoming, role);
    const original = read?.original;
    return {
      ok: problems.length === 0,
      problems,
      ...originalFormatReply(original),
      // What a save stores: the config converted (the caller's own, before any stored secret).
      ...(original && isRecord(read.config) ? { converted: read.config } : {}),
    };
  }

  /**
   * The problems of a save: the validator's, the file roots' and the inline connections' (what
   * this role may set). An original-format config is checked converted, its problems reported
   * at their places in the file as written. `config` is what a save stores.
   */
  private async check(
    incoming: unknown,
    role: Role,
  ): Promise<{ problems: Problem[]; config?: unknown; read?: IncomingConfig }> {
    // A config past the input limits (nesting, NUL, `__proto__`) is refused with the validator's
    // problems before anything else walks it: a config nested 100,000 levels would overflow the
    // stack of the conversion, of the connection check and of the serialisation for the store.
    if (jsonLimitProblems(incoming).length > 0)
      return { problems: [...this.engine.problems(incoming)] };
    const read = readIncoming(incoming, this.engine.catalog());
    const name = isRecord(read.config) ? read.config.name : undefined;
    const stored = typeof name === 'string' ? await this.dags.get(name) : undefined;
    const prepared = await prepareConnections(read.config, stored?.config, role, this.engine.hosts);
    const original = read.original;
    const ours = (problems: readonly Problem[]) =>
      original ? problems.map((p) => original.atOriginal(p)) : [...problems];
    const problems = [
      ...ours(prepared.problems),
      // Converting refused part of the file: the validator lists that, and the rest, as written.
      ...(original?.refused
        ? this.engine.problems(incoming)
        : ours(this.engine.problems(prepared.config))),
    ];
    return { problems, config: prepared.config, read };
  }

  /** Saves an old version again as a new version; like any save, it deploys nothing. */
  async restoreVersion(
    name: string,
    version: number,
    author: string,
    role: Role,
  ): Promise<{ name: string; version: number }> {
    const old = await this.dags.get(name, version);
    if (!old) throw new NotFoundError(`DAG "${name}" has no version ${version}`);
    const saved = await this.saveDag(old.config, author, `restored version ${version}`, role);
    await this.audit.record(author, 'dag.restore', name, { from: version, version: saved.version });
    return saved;
  }

  async deleteDag(name: string, actor: string): Promise<void> {
    const args = { name, actor };
    const local = () => this.deleteHere(name, actor);
    return this.gate ? this.gate.route({ op: 'deleteDag', args }, name, local) : local();
  }

  private async deleteHere(name: string, actor: string): Promise<void> {
    if (!(await this.dags.delete(name))) throw new NotFoundError(`no DAG named "${name}"`);
    await this.deployments.removed(name);
    await this.positions.forget(name);
    await this.drafts.remove(name);
    await this.audit.record(actor, 'dag.delete', name);
  }

  async cloneDag(
    name: string,
    newName: string,
    window: { start_time?: string; end_time?: string } | undefined,
    actor: string,
  ) {
    this.writable();
    const stored = await this.dags.get(name);
    if (!stored) throw new NotFoundError(`no DAG named "${name}"`);
    if (await this.dags.exists(newName)) {
      throw new ConfigError([
        problemAt(['name'], 'duplicate_name', `a DAG named "${newName}" already exists`),
      ]);
    }
    const config: Record<string, unknown> & { name: string } = { ...stored.config, name: newName };
    if (window) {
      delete config.start_time;
      delete config.end_time;
      Object.assign(config, window);
    }
    const saved = await this.saveDag(config, actor, `cloned from ${name}`, 'admin');
    await this.audit.record(actor, 'dag.clone', newName, { from: name });
    return saved;
  }

  /** Starts a DAG with `version` (default: the latest): a deploy, audited as one. */
  async startDag(name: string, version: number | undefined, actor: string): Promise<DagState> {
    const gate = this.gate;
    const local = async () => {
      const { state } = await this.deployments.deploy(name, version, actor, {
        start: true,
        beforeStart: gate && (() => gate.beforeStart(name)),
      });
      await this.audit.record(actor, 'dag.start', name);
      return state;
    };
    const args = { name, version, actor };
    return gate ? gate.route({ op: 'startDag', args }, name, local) : local();
  }

  /**
   * Deploys `version` (default: the latest) of a DAG: a running or suspended DAG restarts with it
   * and keeps its state; for a stopped one it is recorded.
   */
  deployDag(name: string, version: number | undefined, actor: string): Promise<DeployResult> {
    const local = () => this.deployments.deploy(name, version, actor);
    const args = { name, version, actor };
    return this.gate ? this.gate.route({ op: 'deployDag', args }, name, local) : local();
  }

  async setState(
    name: string,
    action: 'stop' | 'suspend' | 'resume',
    actor: string,
  ): Promise<DagState> {
    const local = async () => {
      const state = await this.deployments.setState(name, action);
      await this.audit.record(actor, `dag.${action}`, name);
      return state;
    };
    const args = { name, action, actor };
    return this.gate ? this.gate.route({ op: 'setState', args }, name, local) : local();
  }

  /** Every DAG's summary with its deployed and latest version. */
  async listDags(): Promise<DagListEntry[]> {
    const versions = await this.dags.versions();
    const local = await this.engine.list();
    const gate = this.gate;
    if (!gate)
      return local.map((s) => ({ ...s, ...this.versionsOf(s.name, versions.get(s.name)) }));
    // In a cluster: a DAG run elsewhere shows its runner's state and rates.
    const remote = await gate.remoteSummaries(local.map((s) => s.name));
    return local.map((s) => ({
      ...(remote.get(s.name) ?? s),
      ...this.versionsOf(s.name, versions.get(s.name)),
      owners: gate.coordinator.ownersOf(s.name),
    }));
  }

  /** A DAG's details (config, nodes) as the engine holds them, with the version that is. */
  async dagDetails(name: string): Promise<DagDetailsView> {
    const local = () => this.detailsHere(name);
    return this.gate ? this.gate.route({ op: 'dagDetails', args: { name } }, name, local) : local();
  }

  private async detailsHere(name: string): Promise<DagDetailsView> {
    const details = await this.engine.details(name);
    const stored = await this.dags.get(name);
    return {
      ...details,
      version: this.deployments.heldVersion(name) ?? null,
      ...this.versionsOf(name, stored),
    };
  }

  private versionsOf(name: string, stored: DagVersions | undefined): DagVersions {
    return {
      deployedVersion: stored?.deployedVersion ?? null,
      latestVersion: stored?.latestVersion ?? this.deployments.heldVersion(name) ?? 1,
    };
  }

  async publish(dag: string, node: string, message: Message, actor: string): Promise<void> {
    const local = async () => {
      await this.engine.inject(dag, node, message);
      await this.audit.record(actor, 'dag.publish', dag, { node });
    };
    const args = { dag, node, message, actor };
    return this.gate ? this.gate.route({ op: 'publish', args }, dag, local) : local();
  }

  async close(): Promise<void> {
    await this.engine.close();
    await this.db.close();
  }
}
