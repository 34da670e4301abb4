/**
 * `pnpm bench:ha`: the primary failover of issue 16, BENCH_RUNS times (default 3): two server
 * processes over a private ZooKeeper (4 s session) and a fresh PostgreSQL database, a Kafka-fed
 * DAG stamping BENCH_IDS ids (default 20,000) sent in a steady stream, the leader SIGKILLed
 * midway; then the same stamping DAG with `replicas: 2` against `replicas: 1` (partitioned
 * mode). Prints one JSON document: each run's takeover times, lost ids and duplicates, their
 * medians against the target (2 x the session timeout), and the replicas' throughput. Needs
 * `bash scripts/services.sh up` (PostgreSQL and Kafka); every process it starts ends with it.
 */
import {
  failoverScenario,
  replicasScenario,
  type FailoverRun,
} from '../test/integration/cluster/scenarios';
import { median } from '../test/integration/cluster/stamps';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDS = Number(process.env.BENCH_IDS ?? 20_000);
const SESSION_MS = 4000;

const runs: FailoverRun[] = [];
for (let i = 0; i < RUNS; i++) {
  const run = await failoverScenario({ ids: IDS, sessionTimeoutMs: SESSION_MS, perSecond: 2500 });
  runs.push(run);
  console.error(`run ${i + 1}/${RUNS}: ${JSON.stringify(run)}`);
}
const replicas = await replicasScenario(IDS);

console.log(
  JSON.stringify(
    {
      session_timeout_ms: SESSION_MS,
      runs: runs.map((r) => ({
        to_primary_ms: r.to_primary_ms,
        to_running_ms: r.to_running_ms,
        to_first_output_ms: r.to_first_output_ms,
        ids: r.ids,
        lost: r.lost,
        duplicates: r.duplicates,
      })),
      median_to_running_ms: median(runs.map((r) => r.to_running_ms)),
      median_to_first_output_ms: median(runs.map((r) => r.to_first_output_ms)),
      target_ms: 2 * SESSION_MS,
      replicas: {
        ids: replicas.ids,
        replicas1_msg_s: replicas.replicas1_msg_s,
        replicas2_msg_s: replicas.replicas2_msg_s,
        ratio: replicas.ratio,
      },
    },
    null,
    2,
  ),
);
// kafkajs keeps timers of its own for a while: end now that every process started has ended.
process.exit(0);
