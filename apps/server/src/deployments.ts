import { NotFoundError, type DagEngine, type DagState } from '@flow/engine';
import type { DeployResult } from '@flow/shared';
import type { AuditLog } from './store/audit';
import type { DagStore, StoredDag } from './store/dags';

type Config = Record<string, unknown> & { name: string };

/**
 * Save is not deploy: which version of each DAG the engine holds, and the only ways a version
 * comes to run. A save makes a new version and never changes what a running or suspended DAG
 * runs (a stopped DAG's engine copy follows the latest version: nothing of it runs); an admin
 * deploys a version (`start`, or `deploy` to switch a running DAG); a server start runs every
 * DAG's deployed version. One operation at a time per DAG, so a save and a deploy do not cross.
 */
export class Deployments {
  /** The version of each DAG that the engine holds. */
  private readonly held = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly engine: DagEngine,
    private readonly dags: DagStore,
    private readonly audit: AuditLog,
  ) {}

  /** The version of the DAG that the engine holds (for a running DAG: the one running). */
  heldVersion(name: string): number | undefined {
    return this.held.get(name);
  }

  /** Runs `work` after every earlier operation on the DAG `name` has ended. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(name) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return run;
  }

  /**
   * After `version` of a DAG was stored: a new DAG is added to the engine (stopped), a stopped
   * one takes the new version; a running or suspended one goes on with its deployed version.
   */
  saved(config: Config, version: number): Promise<void> {
    return this.exclusive(config.name, async () => {
      if (!this.engine.has(config.name)) await this.engine.add(config);
      else if (['stopped', 'failed'].includes(this.engine.state(config.name)))
        await this.engine.update(config);
      else return;
      this.held.set(config.name, version);
    });
  }

  /**
   * At server start, with the DAG's latest stored version: a DAG meant to run (or be suspended)
   * runs its deployed version; a stopped one holds the latest.
   */
  async load(latest: StoredDag, options: { run?: boolean } = {}): Promise<void> {
    const { name, desiredState } = latest;
    const active = desiredState !== 'stopped';
    const deployed = await this.versionToHold(latest);
    await this.engine.add(deployed.config);
    this.held.set(name, deployed.version);
    // In a cluster, the coordinator runs it once this instance holds its run lock.
    if (!active || options.run === false) return;
    if (latest.deployedVersion === null) await this.dags.setDeployed(name, deployed.version);
    await this.engine.start(name);
    if (desiredState === 'suspended') await this.engine.suspend(name);
  }

  /** The version the engine should hold: the deployed one for an active DAG, else the latest. */
  private async versionToHold(latest: StoredDag): Promise<StoredDag> {
    const active = latest.desiredState !== 'stopped';
    const deployed =
      active && latest.deployedVersion !== null && latest.deployedVersion !== latest.version
        ? await this.dags.get(latest.name, latest.deployedVersion)
        : latest;
    if (!deployed) throw new NotFoundError(`version ${latest.deployedVersion} is not stored`);
    return deployed;
  }

  /**
   * In a cluster, after another instance changed a DAG (or its runner moved): makes the engine's
   * copy match what is stored. `run`: this instance holds a run lock of it (and a valid lease),
   * so it runs or suspends it as desired; else it is stopped here. Call inside `exclusive`.
   */
  async match(name: string, latest: StoredDag | undefined, run: boolean): Promise<void> {
    if (!latest) {
      if (this.engine.has(name)) await this.engine.delete(name);
      this.held.delete(name);
      return;
    }
    const want = await this.versionToHold(latest);
    if (!this.engine.has(name)) {
      await this.engine.add(want.config);
      this.held.set(name, want.version);
    }
    const active = !['stopped', 'failed'].includes(this.engine.state(name));
    if (active && !run) await this.engine.stop(name);
    if (this.held.get(name) !== want.version) {
      this.held.set(name, want.version);
      await this.engine.update(want.config);
    }
    if (!run || latest.desiredState === 'stopped') {
      if (!['stopped', 'failed'].includes(this.engine.state(name))) await this.engine.stop(name);
      return;
    }
    const state = this.engine.state(name);
    if (state === 'stopped' || state === 'failed') await this.engine.start(name);
    if (latest.desiredState === 'suspended' && this.engine.state(name) === 'running')
      await this.engine.suspend(name);
    if (latest.desiredState === 'running' && this.engine.state(name) === 'suspended')
      await this.engine.resume(name);
  }

  /**
   * Deploys `version` (default: the latest) of a DAG. A running or suspended DAG restarts with it
   * and stays running or suspended; for a stopped one it is recorded (and held by the engine);
   * with `start`, the DAG then runs. Audited as `dag.deploy` with the versions before and after.
   */
  deploy(
    name: string,
    version: number | undefined,
    actor: string,
    options: {
      start?: boolean;
      /** In a cluster: takes the run lock before the DAG starts here (throws when it cannot). */
      beforeStart?: () => Promise<void>;
    } = {},
  ): Promise<DeployResult> {
    return this.exclusive(name, async () => {
      const target = await this.dags.get(name, version);
      if (!target)
        throw new NotFoundError(
          version === undefined || !(await this.dags.exists(name))
            ? `no DAG named "${name}"`
            : `DAG "${name}" has no version ${version}`,
        );
      // A stored DAG the engine could not load at start (say, a plugin was missing) gets its chance.
      if (!this.engine.has(name)) {
        await this.engine.add(target.config);
        this.held.set(name, target.version);
      }
      const active = !['stopped', 'failed'].includes(this.engine.state(name));
      if (this.held.get(name) !== target.version) {
        // Checked before the running version is stopped: a version that no longer validates
        // (a plugin removed since) is refused with its problems and the DAG goes on as it was.
        this.engine.validate(target.config);
        this.held.set(name, target.version);
        await this.engine.update(target.config);
        if (active && !options.start && target.desiredState === 'suspended')
          await this.engine.suspend(name);
      }
      if (options.start) {
        await options.beforeStart?.();
        await this.engine.start(name);
      }
      const from = await this.dags.setDeployed(
        name,
        target.version,
        options.start ? 'running' : undefined,
      );
      await this.audit.record(actor, 'dag.deploy', name, { from, to: target.version });
      return {
        name,
        deployedVersion: target.version,
        latestVersion: target.latestVersion,
        state: this.engine.state(name),
      };
    });
  }

  /** Stops, suspends or resumes a DAG and records the state it is meant to be in. */
  setState(name: string, action: 'stop' | 'suspend' | 'resume'): Promise<DagState> {
    return this.exclusive(name, async () => {
      if (!this.engine.has(name)) throw new NotFoundError(`no DAG named "${name}"`);
      await this.engine[action](name);
      await this.dags.setDesiredState(
        name,
        action === 'stop' ? 'stopped' : action === 'suspend' ? 'suspended' : 'running',
      );
      return this.engine.state(name);
    });
  }

  /** Takes a deleted DAG out of the engine. */
  removed(name: string): Promise<void> {
    return this.exclusive(name, async () => {
      if (this.engine.has(name)) await this.engine.delete(name);
      this.held.delete(name);
    });
  }
}
