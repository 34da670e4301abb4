import { Cluster, saveAndStart, until } from './harness';
import {
  createTopics,
  produceIds,
  readStampsFrom,
  stableMembers,
  uniqueTopic,
  type IdStream,
  type StampReader,
} from './kafka-io';
import { countIds, kafkaDag, runnersOf, type Stamp } from './stamps';

/**
 * The two Kafka scenarios the tests assert on and `pnpm bench:ha` reports: a primary's failover
 * under a steady stream, and a DAG with `replicas: 2` against the same DAG on one instance.
 * They return what happened; the callers decide what must hold.
 */

export interface FailoverRun {
  readonly session_timeout_ms: number;
  readonly ids: number;
  /** SIGKILL of the leader -> the standby's `server.status` says primary. */
  readonly to_primary_ms: number;
  /** SIGKILL -> the standby is primary and its `dags.list` says the DAG runs. */
  readonly to_running_ms: number;
  /** SIGKILL -> the first message stamped by the new leader (its stamp's time). */
  readonly to_first_output_ms: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Stamps of the standby made before the leader was killed (it ran the DAG as well). */
  readonly standby_before_kill: number;
  /** Stamps of the old leader made after it was killed (impossible unless clocks lie). */
  readonly leader_after_kill: number;
  /** The instances that ran the DAG, in order, one entry per hand-over. */
  readonly runners: string[];
  /** The first ids that never came out (at most 20). */
  readonly lost_ids: number[];
}

export interface FailoverOptions {
  readonly ids: number;
  readonly sessionTimeoutMs: number;
  /** The steady stream's rate. */
  readonly perSecond?: number;
  /** How long to wait for every id after the last was sent. */
  readonly drainMs?: number;
}

/**
 * Two instances (a leads, b stands by), a Kafka-fed DAG stamping each id; ids sent in a steady
 * stream; a SIGKILLed midway. Every process ends before this returns (or throws).
 */
export async function failoverScenario(options: FailoverOptions): Promise<FailoverRun> {
  const { ids, sessionTimeoutMs } = options;
  const input = uniqueTopic('ha_in');
  const output = uniqueTopic('ha_out');
  await createTopics([
    { topic: input, partitions: 4 },
    { topic: output, partitions: 4 },
  ]);
  const cluster = await Cluster.start({ instances: ['a', 'b'], sessionTimeoutMs });
  let reader: StampReader | undefined;
  let stream: IdStream | undefined;
  try {
    await cluster.untilStatus('a', 'a to lead', 30_000, (s) => s.role === 'primary');
    await cluster.untilStatus('b', 'b to stand by', 30_000, (s) => s.role === 'standby');
    reader = await readStampsFrom(output);
    const stamps = reader.stamps;
    const a = cluster.client('a');
    await saveAndStart(a, kafkaDag('failover', input, output));
    await cluster.untilList('a', 'failover to run', 30_000, (dags) =>
      dags.some((d) => d.name === 'failover' && d.state === 'running'),
    );

    const steady = await produceIds(input, ids, options.perSecond ?? 2500);
    stream = steady;
    await until('half of the ids sent', 60_000, () =>
      steady.sent() >= ids / 2 ? true : undefined,
    );
    const killedAt = Date.now();
    await cluster.kill('a');

    const toPrimary = cluster
      .untilStatus('b', 'b to become primary', 30_000, (s) => s.role === 'primary')
      .then(() => Date.now() - killedAt);
    const toRunning = toPrimary
      .then(() =>
        cluster.untilList('b', 'failover to run on b', 30_000, (dags) =>
          dags.some((d) => d.name === 'failover' && d.state === 'running'),
        ),
      )
      .then(() => Date.now() - killedAt);
    const firstByB = until('a message stamped by b', 40_000, () =>
      stamps.find((s) => s.instance === 'b' && s.at >= killedAt),
    );
    const [to_primary_ms, to_running_ms] = await Promise.all([toPrimary, toRunning, firstByB]);

    await steady.done;
    // An id that never comes shows in `lost`.
    await until(
      'every id in the output',
      options.drainMs ?? 60_000,
      () => (countIds(stamps, ids).lost.length === 0 ? true : undefined),
      () => `(${countIds(stamps, ids).lost.length} of ${ids} still missing)`,
    ).catch(() => undefined);
    const all: Stamp[] = [...stamps];
    const { lost, duplicates } = countIds(all, ids);
    return {
      session_timeout_ms: sessionTimeoutMs,
      ids,
      to_primary_ms,
      to_running_ms,
      to_first_output_ms:
        all.reduce(
          (t, s) => (s.instance === 'b' && s.at >= killedAt ? Math.min(t, s.at) : t),
          Infinity,
        ) - killedAt,
      lost: lost.length,
      duplicates,
      standby_before_kill: all.filter((s) => s.instance === 'b' && s.at < killedAt).length,
      leader_after_kill: all.filter((s) => s.instance === 'a' && s.at > killedAt).length,
      runners: runnersOf(all),
      lost_ids: lost.slice(0, 20),
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${cluster.logTail()}`, { cause: error });
  } finally {
    await stream?.stop();
    await reader?.close().catch(() => {});
    await cluster.close();
  }
}

export interface ReplicasRun {
  readonly ids: number;
  readonly replicas1_msg_s: number;
  readonly replicas2_msg_s: number;
  readonly ratio: number;
  /** Who stamped the messages of the `replicas: 2` DAG, and how many each. */
  readonly replicas2_by_instance: Record<string, number>;
  readonly replicas2_lost: number;
  readonly replicas2_duplicates: number;
}

/** Messages a second between the first stamp and the last. */
function throughput(stamps: readonly Stamp[]): number {
  const times = stamps.map((s) => s.at);
  const span = Math.max(...times) - Math.min(...times);
  return span > 0 ? Math.round((stamps.length / span) * 1000) : 0;
}

/**
 * Two instances in partitioned mode. The same stamping DAG, on its own 4-partition topic each:
 * `replicas: 1`, then `replicas: 2`; each is started on an empty topic, waited for until its
 * consumer group is stable with all its replicas, then `ids` ids are sent at once and read back.
 */
export async function replicasScenario(ids: number): Promise<ReplicasRun> {
  const cluster = await Cluster.start({
    instances: ['a', 'b'],
    mode: 'partitioned',
    sessionTimeoutMs: 4000,
  });
  const readers: StampReader[] = [];
  try {
    await cluster.untilStatus('a', 'a to lead', 30_000, (s) => s.role === 'primary');
    await cluster.untilStatus('b', 'b to join', 30_000, (s) => s.role === 'member');
    const a = cluster.client('a');
    const run = async (name: string, replicas: number) => {
      const input = uniqueTopic(`ha_${name}_in`);
      const output = uniqueTopic(`ha_${name}_out`);
      await createTopics([
        { topic: input, partitions: 4 },
        { topic: output, partitions: 4 },
      ]);
      const reader = await readStampsFrom(output);
      readers.push(reader);
      await saveAndStart(a, kafkaDag(name, input, output, replicas));
      await cluster.untilList('a', `${name} to run on ${replicas}`, 30_000, (dags) =>
        dags.some((d) => d.name === name && d.state === 'running' && d.owners?.length === replicas),
      );
      await until(`${name}'s consumer group to be stable with ${replicas}`, 30_000, async () =>
        (await stableMembers(`${name}_in`)) === replicas ? true : undefined,
      );
      const stream = await produceIds(input, ids);
      await stream.done;
      await until(
        `every id of ${name} in its output`,
        90_000,
        () => (countIds(reader.stamps, ids).lost.length === 0 ? true : undefined),
        () => `(${countIds(reader.stamps, ids).lost.length} of ${ids} still missing)`,
      ).catch(() => undefined);
      await a.dags.stop.mutate({ name });
      return [...reader.stamps];
    };
    const one = await run('single', 1);
    const two = await run('double', 2);
    const byInstance: Record<string, number> = {};
    for (const s of two) byInstance[s.instance] = (byInstance[s.instance] ?? 0) + 1;
    const counted = countIds(two, ids);
    const replicas1 = throughput(one);
    const replicas2 = throughput(two);
    return {
      ids,
      replicas1_msg_s: replicas1,
      replicas2_msg_s: replicas2,
      ratio: replicas1 > 0 ? Math.round((replicas2 / replicas1) * 100) / 100 : 0,
      replicas2_by_instance: byInstance,
      replicas2_lost: counted.lost.length,
      replicas2_duplicates: counted.duplicates,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${cluster.logTail()}`, { cause: error });
  } finally {
    for (const reader of readers) await reader.close().catch(() => {});
    await cluster.close();
  }
}
