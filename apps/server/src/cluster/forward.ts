import { AsyncLocalStorage } from 'node:async_hooks';
import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { ConfigError, NotFoundError, type ClusterMember } from '@flow/engine';
import { z } from 'zod';
import { dagSummarySchema, type DagSummary, type Problem, type ServerStatus } from '@flow/shared';
import type { Database } from '../store/database';
import { StaleEpochError, type FenceStore } from '../store/fences';
import { callErrorSchema, CALL_TIMEOUT_MS, INTERNAL_CALL_PATH, type ClusterCall } from './calls';
import { ClusterUnavailableError, type Coordinator } from './coordinator';
import { CallVerifier, signCall } from './signing';

const summariesSchema = z.array(dagSummarySchema);

/** Set while a call forwarded by another instance runs: it runs here or nowhere (no loops). */
export const inbound = new AsyncLocalStorage<true>();

const unavailable = (message: string) => new TRPCError({ code: 'SERVICE_UNAVAILABLE', message });

/** The ops that change a DAG: the others are told once they are done here. */
const CHANGES = new Set(['startDag', 'deployDag', 'setState', 'deleteDag']);

/**
 * What FlowApp asks of the cluster: may it change things (joined), where does an operation on a
 * DAG run (here, or forwarded to the DAG's runner), and telling the others that a DAG changed.
 */
export class ClusterGate {
  /** Checks the calls other instances send here. */
  readonly verifier: CallVerifier;

  constructor(
    readonly coordinator: Coordinator,
    private readonly secret: string,
    private readonly fences: FenceStore,
    private readonly logger: Logger,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.verifier = new CallVerifier(secret);
  }

  /** The role `server.status` shows. */
  role(): ServerStatus['role'] {
    const { node, mode } = this.coordinator;
    if (node.role() === 'joining' || !node.leaseValid()) return 'joining';
    if (node.role() === 'leader') return 'primary';
    return mode === 'primary' ? 'standby' : 'member';
  }

  /** Throws the read-only 503 while this instance is not in the cluster. */
  writable(): void {
    const reason = this.coordinator.readOnlyReason();
    if (reason) throw unavailable(reason);
  }

  /** Tells every instance (this one too) that a DAG changed; a failure is logged. */
  async changed(dag: string): Promise<void> {
    await this.coordinator.node
      .announce(dag)
      .catch((err: unknown) => this.logger.warn({ err, dag }, 'cluster: change not announced'));
  }

  /**
   * Runs an operation on a DAG where it belongs: here when this instance runs the DAG (then
   * announced), else on its runner. A read (`dagDetails`) with no runner known is answered here.
   */
  async route<T>(call: ClusterCall, dag: string, local: () => Promise<T>): Promise<T> {
    const read = call.op === 'dagDetails';
    if (!read) this.writable();
    if (this.coordinator.runsHere(dag)) {
      const result = await local();
      if (CHANGES.has(call.op)) await this.changed(dag);
      return result;
    }
    if (inbound.getStore())
      throw unavailable(`moved: this instance does not run DAG "${dag}" (any more)`);
    const runner = this.coordinator.runnerOf(dag);
    if (!runner) {
      if (read) return local();
      throw unavailable(
        `no instance runs DAG "${dag}" right now (the cluster is electing a leader): try again in a few seconds`,
      );
    }
    return (await this.call(runner, call)) as T;
  }

  /** True when another instance runs the DAG (its live figures are there). */
  runsElsewhere(dag: string): boolean {
    const runner = this.coordinator.runnerOf(dag);
    return runner !== undefined && runner.id !== this.coordinator.node.self?.id;
  }

  /** Before a DAG starts here (API start): its run lock, or a 503. */
  async beforeStart(dag: string): Promise<void> {
    try {
      await this.coordinator.holdNow(dag);
    } catch (error) {
      if (error instanceof ClusterUnavailableError) throw unavailable(error.message);
      throw error;
    }
  }

  /** A write of a DAG's state fenced by this instance's run lock epoch (refused: logged, false). */
  async fenced(dag: string, write: (tx: Pick<Database, 'query'>) => Promise<unknown>) {
    try {
      await this.fences.fenced(dag, this.coordinator.fenceOf(dag), write);
      return true;
    } catch (error) {
      if (!(error instanceof StaleEpochError)) throw error;
      this.logger.warn({ dag, err: error }, 'cluster: stale write refused');
      return false;
    }
  }

  /**
   * The summaries of the DAGs other instances run, by DAG (their `listLocal`, in parallel, 2 s
   * each): an instance that does not answer is left out (its DAGs keep their local entries).
   */
  async remoteSummaries(dags: readonly string[]): Promise<Map<string, DagSummary>> {
    const self = this.coordinator.node.self?.id;
    const runners = new Map<string, ClusterMember>();
    const runs = new Set<string>(); // `<member id> <dag>`
    for (const dag of dags) {
      const runner = this.coordinator.runnerOf(dag);
      if (!runner || runner.id === self) continue;
      runners.set(runner.id, runner);
      runs.add(`${runner.id} ${dag}`);
    }
    // Each answer as the schema says, and only for the DAGs that instance runs.
    const lists = await Promise.all(
      [...runners.values()].map((member) =>
        this.call(member, { op: 'listLocal', args: {} }, 2000).then(
          (list) => {
            const parsed = summariesSchema.safeParse(list);
            if (!parsed.success)
              this.logger.warn({ member: member.name }, 'cluster: a DAG list not as expected');
            return (parsed.data ?? []).filter((d) => runs.has(`${member.id} ${d.name}`));
          },
          () => [],
        ),
      ),
    );
    return new Map(lists.flat().map((summary) => [summary.name, summary]));
  }

  /** Calls another instance; its error comes back as the same kind of error here. */
  async call(member: ClusterMember, call: ClusterCall, timeoutMs = CALL_TIMEOUT_MS) {
    const base = memberBaseUrl(member.url);
    if (base === undefined) {
      this.logger.error(
        { member: member.name, url: member.url, op: call.op },
        'cluster: a member advertises a URL that is not a plain http(s) URL: not called',
      );
      throw unavailable(
        `instance ${member.name}, which runs it, advertises an unusable URL (not a plain http:// or https:// URL)`,
      );
    }
    const payload = JSON.stringify(call);
    let response: Response;
    try {
      response = await this.fetchFn(`${base}${INTERNAL_CALL_PATH}`, {
        method: 'POST',
        headers: { ...signCall(this.secret, payload), 'content-type': 'application/json' },
        body: payload,
        // A member's answer is its own: a redirect elsewhere is not followed.
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unavailable(
        `instance ${member.name} (${member.url}), which runs it, did not answer: ${(error as Error).message}`,
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return (body as { value: unknown } | undefined)?.value;
    const parsed = callErrorSchema.safeParse(body);
    if (!parsed.success)
      throw unavailable(`instance ${member.name} refused the call (HTTP ${response.status})`);
    const { code, message, problems } = parsed.data.error;
    if (code === 'NOT_FOUND') throw new NotFoundError(message);
    if (code === 'BAD_REQUEST' && problems) throw new ConfigError(problems as Problem[]);
    const known = ['BAD_REQUEST', 'CONFLICT', 'SERVICE_UNAVAILABLE', 'FORBIDDEN'] as const;
    const mapped = known.find((k) => k === code) ?? 'INTERNAL_SERVER_ERROR';
    throw new TRPCError({ code: mapped, message });
  }
}

/**
 * A member's URL (read from ZooKeeper, which anyone reaching it may write) as the base of the
 * calls to it: only http(s), no user or password, no query or fragment; else undefined.
 */
export function memberBaseUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
