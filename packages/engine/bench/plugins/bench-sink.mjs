// `custom://bench_sink`: takes the pipeline benchmark's results and checks each sum (a wrong one
// throws, which the engine records as a publisher failure). Keeps nothing.
export default ({ z }) => ({
  kind: 'publisher',
  type: 'bench_sink',
  description: 'Checks the benchmark sums and drops the messages.',
  configSchema: z.strictObject({}),
  createPublisher: () => {
    let received = 0;
    const check = (m) => {
      if (m.sum !== received * 3 + 1) throw new Error(`message ${received}: sum ${m.sum}`);
      received++;
    };
    return {
      uri: 'custom://bench_sink',
      start: async () => {},
      publish(batch) {
        for (const m of batch) check(m);
      },
      publishOne: check,
      stop: async () => {},
    };
  },
});
