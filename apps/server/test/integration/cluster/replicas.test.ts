import { describe, expect, it } from 'vitest';
import { replicasScenario } from './scenarios';

/**
 * The replicas proof: in partitioned mode a Kafka-fed DAG with `replicas: 2` on a
 * 4-partition topic runs on both instances in one consumer group: both consume, every id comes
 * out. Its throughput against the same DAG with `replicas: 1` goes to the log (not asserted).
 */
describe('a Kafka-fed DAG with replicas: 2 (two server processes, partitioned)', () => {
  it('runs on both instances, every id at least once; throughput against one replica logged', async () => {
    const run = await replicasScenario(20_000);
    console.log(JSON.stringify({ replicas: run }));
    expect(Object.keys(run.replicas2_by_instance).sort()).toEqual(['a', 'b']);
    expect(run.replicas2_lost).toBe(0);
  }, 120_000);
});
