import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const fixtures = join(here, 'fixtures');
const fixture = (name: string) => join(fixtures, name);
const TIMEOUT = 20_000;

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...args: string[]): CliResult {
  const result = spawnSync(
    join(repoRoot, 'node_modules/.bin/tsx'),
    ['packages/engine/src/cli/main.ts', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, FLOW_PLUGIN_FOLDER: '' },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

function readJsonLines(path: string): unknown[] {
  return lines(readFileSync(path, 'utf8')).map((l) => JSON.parse(l) as unknown);
}

/** The summary row of a node, by column name. */
function summaryRow(stderr: string, node: string): Record<string, string> {
  const all = stderr.split('\n');
  const headerIndex = all.findIndex((l) => /^node\s+type\s+computed/.test(l));
  expect(headerIndex).toBeGreaterThanOrEqual(0);
  const header = all[headerIndex]!;
  const columns = ['node', 'type', 'computed', 'errors', 'warnings', 'drops', 'published'];
  const starts = columns.map((c) => header.search(new RegExp(`\\b${c}\\b`)));
  const row = all.slice(headerIndex + 1).find((l) => l.split(/\s+/)[0] === node);
  expect(row, `summary row for ${node}`).toBeDefined();
  const cells: Record<string, string> = {};
  columns.forEach((c, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : header.indexOf('last issue');
    cells[c] = row!.slice(starts[i], end).trim();
  });
  cells.lastIssue = row!.slice(header.indexOf('last issue')).trim();
  return cells;
}

/** A fresh temp folder with a copy of a fixture DAG and an input file. */
function workspace(dagFixture: string, input: string): { dir: string; dag: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
  const dag = join(dir, 'dag.json');
  copyFileSync(fixture(dagFixture), dag);
  writeFileSync(join(dir, 'input.jsonl'), input);
  return { dir, dag };
}

const pipelineInput = [
  '{"id": 1, "a": 1, "b": 2}',
  '{"id": 2, "a": 5}',
  '[1,2]',
  '{"id": 3, "a": 10, "b": 20}',
  '',
  '{"id": 4, "a": 0.5, "b": null}',
  '',
].join('\n');

const pipelineOutput = [{ sum: 3 }, { sum: 15 }, { sum: 30 }, { sum: 10.5 }];

describe('flow validate', () => {
  it(
    'exits 0 on a valid file',
    () => {
      const r = cli('validate', fixture('cli-valid-mem.json'));
      expect(r.status).toBe(0);
      expect(lines(r.stdout)).toEqual([
        `${fixture('cli-valid-mem.json')}: valid (3 nodes, 2 edges)`,
      ]);
    },
    TIMEOUT,
  );

  it(
    "accepts a file in the original system's format, listing its warnings",
    () => {
      const file = fixture('cli-original-format.json');
      const r = cli('validate', file);
      expect(r.status, r.stdout).toBe(0);
      expect(lines(r.stdout)).toEqual([
        `${file}: converted from the original format`,
        `${file}: $._comment: warning: _comment is ignored: a comment`,
        `${file}: $.version: warning: version is ignored: the config version is not used`,
        `${file}: $.autoclone: warning: autoclone is ignored: cloning a DAG is not implemented`,
        `${file}: $.nodes[2].priority: warning: priority is ignored: DAGs have no priority`,
        `${file}: valid (4 nodes, 3 edges)`,
      ]);
    },
    TIMEOUT,
  );

  it(
    "says which connection to add for the original's rabbitmq:// URIs, and takes one given",
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-cli-stomp-'));
      const dag = join(dir, 'rabbit.json');
      writeFileSync(
        dag,
        JSON.stringify({
          name: 'rabbit',
          subscribers: [{ name: 'in', config: { source: 'rabbitmq://queue/orders' } }],
          publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
          nodes: [
            { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
            { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
          ],
          edges: [{ from_node: 'src', to_node: 'sink' }],
        }),
      );
      const refused = cli('validate', dag, '--connections', '');
      expect(refused.status).toBe(1);
      expect(lines(refused.stdout)).toContain(
        `${dag}: $.subscribers[0].config.source: rabbitmq://queue/orders needs a STOMP connection: ` +
          'add "rabbitmq" (or "default") under "stomp" in FLOW_CONNECTIONS, e.g. ' +
          '{"stomp": {"rabbitmq": {"url": "stomp://user:password@host:61613"}}}',
      );
      const connections = join(dir, 'connections.json');
      writeFileSync(
        connections,
        JSON.stringify({ stomp: { rabbitmq: { url: 'stomp://u:p@127.0.0.1:61613' } } }),
      );
      const valid = cli('validate', dag, '--connections', connections);
      expect(valid.status, valid.stdout).toBe(0);
      expect(valid.stdout).toContain(`${dag}: valid (2 nodes, 1 edges)`);
    },
    TIMEOUT,
  );

  it(
    'accepts the sample DAG',
    () => {
      const r = cli('validate', 'samples/dags/orders_enrich.json');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('samples/dags/orders_enrich.json: valid');
    },
    TIMEOUT,
  );

  it(
    'with --file-roots refuses file: URIs outside the roots; without, a local user is unbound',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-cli-roots-'));
      const dag = join(dir, 'escape.json');
      writeFileSync(
        dag,
        JSON.stringify({
          name: 'escape',
          subscribers: [{ name: 'in', config: { source: 'file:../../etc/passwd' } }],
          publishers: [{ name: 'out', config: { destination: 'file:out.jsonl' } }],
          nodes: [
            { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
            { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
          ],
          edges: [{ from: 'src', to: 'sink' }],
        }),
      );
      const bound = cli('validate', '--file-roots', dir, dag);
      expect(bound.status).toBe(1);
      expect(bound.stdout).toContain(
        `${dag}: $.subscribers[0].config.source: file:../../etc/passwd is outside the file roots`,
      );
      const run = cli('run', '--file-roots', dir, dag, '--drain');
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('outside the file roots');
      expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
      expect(cli('validate', dag).status).toBe(0);
      expect(
        cli('validate', '--file-roots', 'samples', 'samples/dags/orders_enrich.json').status,
      ).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'refuses a NUL character, a __proto__ key and nesting past the limit, naming each place',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-cli-limits-'));
      const file = join(dir, 'limits.json');
      const deep = `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`;
      writeFileSync(
        file,
        `{"name":"limits","description":"a\\u0000b","nodes":[],"ui":{"__proto__":{},"d":${deep}}}`,
      );
      const r = cli('validate', file);
      expect(r.status).toBe(1);
      const out = lines(r.stdout).map((l) => l.replace(`${file}: `, '').replace(/(\.a)+:/, '.a…:'));
      expect(out.sort()).toEqual([
        '$.description: contains a NUL character (\\u0000), which is not allowed',
        '$.ui.__proto__: the key "__proto__" is not allowed',
        '$.ui.d.a…: nests deeper than 64 levels of objects and arrays',
      ]);
    },
    TIMEOUT,
  );

  it(
    'exits 1 listing every problem as file: path: message, still reporting valid files',
    () => {
      const bad = fixture('cli-invalid-two-refs.json');
      const cycle = fixture('cli-invalid-cycle.json');
      const good = fixture('cli-valid-mem.json');
      const r = cli('validate', bad, good, cycle);
      expect(r.status).toBe(1);
      const out = lines(r.stdout);
      expect(out.filter((l) => l.startsWith(`${bad}: `))).toEqual([
        `${bad}: $.nodes[0].config.subscriber: node "src" uses subscriber "nope", which is not defined under subscribers`,
        `${bad}: $.nodes[1].config.calculator: node "calc" uses calculator "missing", which is not defined under calculators`,
      ]);
      expect(out).toContain(`${good}: valid (3 nodes, 2 edges)`);
      const cycleLines = out.filter((l) => l.startsWith(`${cycle}: `));
      expect(cycleLines).toHaveLength(1);
      expect(cycleLines[0]).toMatch(new RegExp(`^${escape(cycle)}: \\$\\.[^:]*: .*cycle`));
      expect(cycleLines[0]).toMatch(/a -> b -> a|b -> a -> b/);
      // Files are reported in the order given.
      expect(out.findIndex((l) => l.startsWith(good))).toBeGreaterThan(
        out.findIndex((l) => l.startsWith(bad)),
      );
    },
    TIMEOUT,
  );

  it(
    'reports a file that cannot be read or is not JSON',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
      const notJson = join(dir, 'broken.json');
      writeFileSync(notJson, '{ "name": ');
      const missing = join(dir, 'missing.json');
      const r = cli('validate', notJson, missing);
      expect(r.status).toBe(1);
      const out = lines(r.stdout);
      expect(out.some((l) => l.startsWith(`${notJson}: $`))).toBe(true);
      expect(out.some((l) => l.startsWith(`${missing}: $: cannot read`))).toBe(true);
    },
    TIMEOUT,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('flow run --drain', () => {
  it(
    'runs a file-to-file DAG: good lines flow in order, the bad line is reported',
    () => {
      const { dir, dag } = workspace('cli-file-pipeline.json', pipelineInput);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(pipelineOutput);
      expect(lines(r.stdout)).toEqual(pipelineOutput.map((m) => `sink: ${JSON.stringify(m)}`));
      // The bad line (line 3) is reported on stderr with its origin.
      const issue = lines(r.stderr).find((l) => l.startsWith('src: error: '));
      expect(issue).toBeDefined();
      expect(issue).toContain('not a JSON object');
      expect(issue).toContain('input.jsonl:3');
      // ... and in the per-node summary.
      const src = summaryRow(r.stderr, 'src');
      expect(src.type).toBe('SubscriptionNode');
      expect(src.computed).toBe('4');
      expect(src.errors).toBe('1');
      expect(src.lastIssue).toContain('not a JSON object');
      const adder = summaryRow(r.stderr, 'adder');
      expect(adder.computed).toBe('4');
      expect(adder.errors).toBe('0');
      expect(adder.warnings).toBe('0');
      const sink = summaryRow(r.stderr, 'sink');
      expect(sink.computed).toBe('4');
      expect(sink.published).toBe('4');
    },
    TIMEOUT,
  );

  it(
    'reports a line that is not JSON and a non-number argument as a warning',
    () => {
      const input = ['{"a": 1, "b": 1}', 'oops', '{"a": "x", "b": 4}', '{"a": 2, "b": 2}', ''].join(
        '\n',
      );
      const { dir, dag } = workspace('cli-file-pipeline.json', input);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual([{ sum: 2 }, { sum: 4 }, { sum: 4 }]);
      expect(r.stderr).toMatch(/src: error: not JSON.*input\.jsonl:2/);
      expect(r.stderr).toMatch(/adder: warning: .*"a"/);
      expect(summaryRow(r.stderr, 'src').errors).toBe('1');
      expect(summaryRow(r.stderr, 'adder').warnings).toBe('1');
    },
    TIMEOUT,
  );

  it(
    "runs a DAG in the original system's format as the same DAG in ours",
    () => {
      const { dir, dag } = workspace('cli-original-format.json', pipelineInput);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(pipelineOutput);
      expect(lines(r.stdout)).toEqual(pipelineOutput.map((m) => `sink: ${JSON.stringify(m)}`));
      expect(r.stderr).toContain(`${dag}: converted from the original format`);
      expect(r.stderr).toContain(`${dag}: $.nodes[2].priority: warning: priority is ignored`);
    },
    TIMEOUT,
  );

  it(
    "runs the original's pname: each parent nested under its key at the merge",
    () => {
      const input = '{"a": 2, "b": 3}\n{"a": "5", "b": 4}\n';
      const { dir, dag } = workspace('cli-original-pname.json', input);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      const expected = [
        { L: { sum: 5 }, R: { product: 6 } },
        { L: { sum: 9 }, R: { product: 20 } },
      ];
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(expected);
      expect(lines(r.stdout)).toEqual(expected.map((m) => `sink: ${JSON.stringify(m)}`));
    },
    TIMEOUT,
  );

  it(
    "runs the original's source that computes, then publishes, change-only by default",
    () => {
      // The repeated line computes the same output: the original passes on only a changed one.
      const input = '{"a": 1, "b": 2}\n{"a": 1, "b": 2}\n{"a": "5", "b": 3}\n';
      const { dir, dag } = workspace('cli-original-compute-source.json', input);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      const sums = [
        { sum: 3, two: 2 },
        { sum: 8, two: 2 },
      ];
      expect(readJsonLines(join(dir, 'sums.jsonl'))).toEqual(sums);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual([{ doubled: 6 }, { doubled: 16 }]);
      expect(lines(r.stdout).filter((l) => l.startsWith('src: '))).toEqual(
        sums.map((m) => `src: ${JSON.stringify(m)}`),
      );
      expect(summaryRow(r.stderr, 'src').published).toBe('2');

      // The same file saying "propagate": "every" passes on each message.
      const every = JSON.parse(readFileSync(dag, 'utf8')) as Record<string, unknown>;
      writeFileSync(dag, JSON.stringify({ ...every, propagate: 'every' }));
      const again = cli('run', dag, '--drain', '--quiet');
      expect(again.status, again.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'sums.jsonl'))).toHaveLength(2 + 3);
    },
    TIMEOUT,
  );

  it(
    'prints only the summary with --quiet',
    () => {
      const { dir, dag } = workspace('cli-file-pipeline.json', pipelineInput);
      const r = cli('run', dag, '--drain', '--quiet');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('');
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(pipelineOutput);
    },
    TIMEOUT,
  );

  it(
    'flushes a publisher with batch_size 100 on stop',
    () => {
      const { dir, dag } = workspace('cli-file-pipeline-batched.json', pipelineInput);
      const r = cli('run', dag, '--drain');
      expect(r.status, r.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(pipelineOutput);
      expect(summaryRow(r.stderr, 'sink').published).toBe('4');
    },
    TIMEOUT,
  );

  it(
    'with batch_size 100 writes full batches and flushes the rest on stop',
    () => {
      const input = Array.from({ length: 150 }, (_, i) => `{"a": ${i}, "b": 1}\n`).join('');
      const { dir, dag } = workspace('cli-file-pipeline-batched.json', input);
      const r = cli('run', dag, '--drain', '--quiet');
      expect(r.status, r.stderr).toBe(0);
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(
        Array.from({ length: 150 }, (_, i) => ({ sum: i + 1 })),
      );
      expect(summaryRow(r.stderr, 'sink').published).toBe('150');
    },
    TIMEOUT,
  );

  it(
    'refuses an invalid DAG with exit 1 and its problems on stderr',
    () => {
      const bad = fixture('cli-invalid-two-refs.json');
      const r = cli('run', bad, '--drain');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${bad}: $.nodes[0].config.subscriber: `);
      expect(r.stderr).toContain(`${bad}: $.nodes[1].config.calculator: `);
    },
    TIMEOUT,
  );

  it(
    'runs the sample DAG samples/dags/orders_enrich.json',
    () => {
      const r = cli('run', 'samples/dags/orders_enrich.json', '--drain');
      expect(r.status, r.stderr).toBe(0);
      const all = lines(r.stdout);
      const out = all.filter((l) => l.startsWith('out: {'));
      expect(out.length).toBeGreaterThan(0);
      // The filter (net >= 20, issue 17) passes orders 1, 3 and 5 to big_out; the rest is out's.
      const big = all.filter((l) => l.startsWith('big_out: {'));
      expect(
        big.map((l) => (JSON.parse(l.slice('big_out: '.length)) as { net: number }).net),
      ).toEqual([25, 94.99, 26]);
      expect(out.length + big.length).toBe(all.length);
      const ids: number[] = [];
      for (const l of out) {
        const message = JSON.parse(l.slice('out: '.length)) as Record<string, unknown>;
        ids.push(message.order_id as number);
        expect(message).not.toHaveProperty('card_number');
        expect(message).toHaveProperty('total');
        expect(message).toHaveProperty('discount');
        expect(message.net).toBe((message.total as number) - (message.discount as number));
      }
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(existsSync(join(repoRoot, 'samples/out/enriched_orders.jsonl'))).toBe(true);
      expect(summaryRow(r.stderr, 'orders').errors).toBe('1');
    },
    TIMEOUT,
  );
});

describe('usage', () => {
  it(
    'exits 2 with usage when no command or file is given',
    () => {
      const r = cli('validate');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage:');
    },
    TIMEOUT,
  );
});

describe('plugins', () => {
  const pluginSource = `export default function ({ z }) {
  return {
    kind: 'calculator',
    type: 'DoubleCalculator',
    configSchema: z.strictObject({ attribute: z.string() }),
    create: (c) => ({ compute: (input) => ({ ...input, [c.attribute]: input[c.attribute] * 2 }) }),
  };
}
`;

  function pluginWorkspace(input: string) {
    const ws = workspace('cli-plugin-double.json', input);
    const plugins = join(ws.dir, 'plugins');
    mkdirSync(plugins);
    writeFileSync(join(plugins, 'double.mjs'), pluginSource);
    return { ...ws, plugins };
  }

  it(
    'validate --plugins accepts a DAG using a plugin calculator',
    () => {
      const { dag, plugins } = pluginWorkspace('');
      const r = cli('validate', '--plugins', plugins, dag);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(lines(r.stdout)).toEqual([`${dag}: valid (3 nodes, 2 edges)`]);
    },
    TIMEOUT,
  );

  it(
    'validate without --plugins refuses the unknown type',
    () => {
      const { dag } = pluginWorkspace('');
      const r = cli('validate', dag);
      expect(r.status).toBe(1);
      expect(lines(r.stdout)).toHaveLength(1);
      expect(r.stdout).toMatch(
        new RegExp(
          `^${escape(dag)}: \\$\\.calculators\\[0\\]\\.type: unknown calculator type "DoubleCalculator"`,
        ),
      );
    },
    TIMEOUT,
  );

  it(
    'run --plugins --drain computes with the plugin',
    () => {
      const { dir, dag, plugins } = pluginWorkspace(
        ['{"x": 1, "y": "a"}', '{"x": 21}', '{"x": -3.5}', ''].join('\n'),
      );
      const r = cli('run', dag, '--plugins', plugins, '--drain');
      expect(r.status, r.stderr).toBe(0);
      const expected = [{ x: 2, y: 'a' }, { x: 42 }, { x: -7 }];
      expect(readJsonLines(join(dir, 'out.jsonl'))).toEqual(expected);
      expect(lines(r.stdout)).toEqual(expected.map((m) => `sink: ${JSON.stringify(m)}`));
    },
    TIMEOUT,
  );
});
