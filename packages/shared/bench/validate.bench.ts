/**
 * `pnpm bench:validate`: how long validating a big, bad DAG config takes (the work one request
 * can make the server do). Prints one JSON line per case with the median of BENCH_RUNS runs
 * (default 5), then one line with every median. Cases (BENCH_CASES, comma separated, picks some):
 * - `bad_edges_2000`: 2,000 nodes, 4,000 edges naming nodes that do not exist;
 * - `bad_edges_6000`: 6,000 nodes, 12,000 such edges;
 * - `cycles_6000`: 6,000 nodes in 3,000 two-node cycles;
 * - `duplicates_6000`: 6,000 nodes, every name given twice.
 */
import { validateDag } from '../src/validate';

type Config = Record<string, unknown>;

const calc = (name: string) => ({ name, type: 'CalculationNode', config: {} });

function badEdges(nodes: number, edges: number): Config {
  return {
    name: 'big',
    nodes: Array.from({ length: nodes }, (_, i) => calc(`node_${i}`)),
    edges: Array.from({ length: edges }, (_, i) => ({ from: `nose_${i}`, to: `mode_${i + 1}` })),
  };
}

function cycles(nodes: number): Config {
  return {
    name: 'cycles',
    nodes: Array.from({ length: nodes }, (_, i) => calc(`node_${i}`)),
    edges: Array.from({ length: nodes }, (_, i) => ({
      from: `node_${i}`,
      to: `node_${i % 2 === 0 ? i + 1 : i - 1}`,
    })),
  };
}

function duplicates(nodes: number): Config {
  return {
    name: 'duplicates',
    nodes: Array.from({ length: nodes }, (_, i) => calc(`node_${i % (nodes / 2)}`)),
  };
}

const cases: Record<string, () => Config> = {
  bad_edges_2000: () => badEdges(2_000, 4_000),
  bad_edges_6000: () => badEdges(6_000, 12_000),
  cycles_6000: () => cycles(6_000),
  duplicates_6000: () => duplicates(6_000),
};

const runs = Number(process.env.BENCH_RUNS ?? 5);
const chosen = process.env.BENCH_CASES?.split(',') ?? Object.keys(cases);
const medians: Record<string, number> = {};
for (const name of chosen) {
  const make = cases[name];
  if (!make) throw new Error(`no case "${name}"; cases: ${Object.keys(cases).join(', ')}`);
  const config = make();
  const times: number[] = [];
  let problems = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = validateDag(config);
    times.push(performance.now() - started);
    problems = result.ok ? 0 : result.problems.length;
  }
  times.sort((a, b) => a - b);
  const ms = Math.round((times[Math.floor(times.length / 2)] as number) * 10) / 10;
  medians[`${name}_ms`] = ms;
  console.log(JSON.stringify({ case: name, runs, median_ms: ms, problems }));
}
console.log(JSON.stringify({ bench: 'validate', runs, median: medians }));
