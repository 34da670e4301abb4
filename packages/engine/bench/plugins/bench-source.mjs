// `custom://bench_source`: the pipeline benchmark's messages, generated in the DAG's own thread
// (so that a DAG in a worker is fed there, as a Kafka consumer would be, and the benchmark
// measures the DAG, not the crossing). Options: `count` (how many; 0 = without end). It
// delivers as fast as the DAG's queue takes them and pauses when the queue is full.
export default ({ z }) => ({
  kind: 'subscriber',
  type: 'bench_source',
  description: 'Benchmark messages {a, b, c, d}, as fast as the DAG takes them.',
  configSchema: z.strictObject({ count: z.number().int().min(0).default(0) }),
  createSubscriber: (options) => {
    let sent = 0;
    let paused = false;
    let sink;
    let scheduled = false;
    const count = options.count ?? 0;
    const more = () => {
      scheduled = false;
      // A slice per turn, so that the DAG and the thread's messages get their turns too.
      let slice = 4096;
      while (!paused && sink && slice-- > 0 && (count === 0 || sent < count)) {
        const i = sent++;
        sink.deliver({ a: i, b: i * 2 + 1, c: i * 3, d: i + 0.5 });
      }
      if (!paused && sink && (count === 0 || sent < count)) schedule();
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(more);
    };
    return {
      uri: 'custom://bench_source',
      flowControl: 'pause',
      async start(s) {
        sink = s;
        s.connection({ state: 'connected' });
        schedule();
      },
      pause() {
        paused = true;
      },
      resume() {
        paused = false;
        schedule();
      },
      async stop() {
        sink = undefined;
      },
      isDrained: () => count !== 0 && sent >= count,
    };
  },
});
