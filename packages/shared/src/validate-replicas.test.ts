import { describe, expect, it } from 'vitest';
import { validateDag } from './validate';
import { dagReplicas } from './validate-replicas';

const kafkaIn = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  config: { source: `kafka://topic/${name}`, brokers: ['127.0.0.1:9092'], ...extra },
});
const out = [{ name: 'out', config: { destination: 'mem://topic/out' } }];
const pub = { name: 'pub', type: 'PublicationNode', config: { publishers: ['out'] } };
const src = (name: string, subscriber: string) => ({
  name,
  type: 'SubscriptionNode',
  config: { subscriber },
});

function dag(patch: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'orders',
    subscribers: [kafkaIn('orders_in')],
    publishers: out,
    nodes: [src('src', 'orders_in'), pub],
    edges: [{ from: 'src', to: 'pub' }],
    ...patch,
  };
}

function replicaProblems(value: unknown) {
  const result = validateDag(value);
  return result.ok ? [] : result.problems;
}

describe('replicas', () => {
  it('is 1 when absent and the number given otherwise', () => {
    const result = validateDag(dag({}));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.replicas).toBeUndefined();
    expect(dagReplicas(result.dag)).toBe(1);
    expect(dagReplicas({ replicas: 4 })).toBe(4);
  });

  it('accepts several replicas when every subscriber is Kafka, with or without group_id', () => {
    const config = dag({
      replicas: 3,
      subscribers: [kafkaIn('orders_in'), kafkaIn('prices_in', { group_id: 'shared' })],
      nodes: [src('src', 'orders_in'), src('src2', 'prices_in'), pub],
      edges: [
        { from: 'src', to: 'pub' },
        { from: 'src2', to: 'pub' },
      ],
    });
    const result = validateDag(config);
    expect(result.ok).toBe(true);
    if (result.ok) expect(dagReplicas(result.dag)).toBe(3);
  });

  it('accepts a fanin over Kafka subscribers', () => {
    const config = dag({
      replicas: 2,
      subscribers: [
        kafkaIn('a'),
        kafkaIn('b'),
        { name: 'both', config: { source: 'fanin://a,b' } },
      ],
      nodes: [src('src', 'both'), pub],
    });
    expect(replicaProblems(config)).toEqual([]);
  });

  it('refuses a number outside 1..32 or not whole, at $.replicas', () => {
    for (const replicas of [0, 33, 1.5, '2']) {
      const problems = replicaProblems(dag({ replicas }));
      expect(problems.map((p) => p.path)).toEqual(['$.replicas']);
    }
  });

  it('refuses replicas above 1 with one problem naming each subscriber that is not Kafka', () => {
    const config = dag({
      replicas: 2,
      subscribers: [
        kafkaIn('k'),
        { name: 'lines', config: { source: 'file:///tmp/in.txt' } },
        { name: 'q', config: { source: 'mem://queue/q' } },
        { name: 'both', config: { source: 'fanin://k,q' } },
        { name: 'beat', config: { source: 'metronome' } },
      ],
      nodes: [
        src('src', 'lines'),
        src('src2', 'both'),
        src('src3', 'beat'),
        { name: 'tick', type: 'MetronomeNode', config: { interval_ms: 1000, subscriber: 'k' } },
        pub,
      ],
      edges: [
        { from: 'src', to: 'pub' },
        { from: 'src2', to: 'pub' },
        { from: 'src3', to: 'pub' },
        { from: 'tick', to: 'pub' },
      ],
    });
    const problems = replicaProblems(config);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.path).toBe('$.replicas');
    expect(problem?.code).toBe('invalid_value');
    const message = problem?.message ?? '';
    expect(message).toContain('one Kafka consumer group');
    expect(message).toContain('subscriber "lines" (file) every replica would read the same file');
    expect(message).toContain('subscriber "q" (mem) would deliver every message to every replica');
    expect(message).toContain('subscriber "beat" (metronome) would tick on its own');
    expect(message).toContain('MetronomeNode "tick" would tick on its own');
    expect(message).not.toContain('"k"');
    expect(message).not.toContain('"both"');
  });

  it('lets one replica have any subscriber', () => {
    const config = dag({
      replicas: 1,
      subscribers: [{ name: 'q', config: { source: 'mem://queue/q' } }],
      nodes: [src('src', 'q'), pub],
    });
    expect(replicaProblems(config)).toEqual([]);
  });
});
