import { readFile } from 'node:fs/promises';
import { delimiter, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  connectionsSchema,
  problemAt,
  validateDagJson,
  type Connections,
  type ValidationResult,
} from '@flow/shared';
import { ConfigError, errorMessage } from '../errors';
import { DagServer } from '../runtime/dag-server';
import type { NodeDetails } from '../runtime/details';

const USAGE = `usage:
  flow validate FILE...          check DAG files; exit 1 listing every problem as file: path: message
                                 (the original system's format is converted; its warnings are listed)
  flow run FILE [--drain]        run a DAG headless; print what reaches its publication nodes
     --drain                     stop once every file is read and every queue is empty
     --quiet                     print nothing per message, only the summary
  options: --plugins DIR         load plugin modules (default: $FLOW_PLUGIN_FOLDER)
           --connections FILE    named broker and database connections, JSON (default: $FLOW_CONNECTIONS_FILE)
           --file-roots DIR[${delimiter}DIR]  file: URIs must stay inside these folders (default: unbound)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      drain: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      plugins: { type: 'string', default: process.env.FLOW_PLUGIN_FOLDER },
      connections: { type: 'string', default: process.env.FLOW_CONNECTIONS_FILE },
      'file-roots': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || !command || files.length === 0 || !['validate', 'run'].includes(command)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const fileRoots = values['file-roots']?.split(delimiter).filter((d) => d !== '');
  const server = new DagServer({
    connections: values.connections ? await readConnections(values.connections) : {},
    ...(fileRoots ? { fileRoots } : {}),
  });
  if (values.plugins) {
    const report = await server.loadPlugins(values.plugins);
    for (const f of report.failed) console.error(`${f.file}: plugin not loaded: ${f.error}`);
  }
  return command === 'validate' ? validate(server, files) : run(server, files, values);
}

async function readConnections(file: string): Promise<Connections> {
  const parsed = connectionsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) =>
        problemAt(issue.path, 'invalid_value', `${file}: ${issue.message}`),
      ),
    );
  }
  return parsed.data;
}

/** What a file in the original system's format was converted with: a notice and its warnings. */
function notices(file: string, result: ValidationResult): string[] {
  if (!result.originalFormat) return [];
  return [
    `${file}: converted from the original format`,
    ...(result.warnings ?? []).map((w) => `${file}: ${w.path}: warning: ${w.message}`),
  ];
}

async function validate(server: DagServer, files: string[]): Promise<number> {
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      console.log(`${file}: $: cannot read: ${errorMessage(error)}`);
      failed = true;
      continue;
    }
    const result = validateDagJson(text, server.catalog());
    for (const line of notices(file, result)) console.log(line);
    const problems = result.ok
      ? server.problems(result.dag, dirname(resolve(file)))
      : result.problems;
    if (result.ok && problems.length === 0)
      console.log(
        `${file}: valid (${result.dag.nodes.length} nodes, ${result.dag.edges.length} edges)`,
      );
    else {
      failed = true;
      for (const p of problems) console.log(`${file}: ${p.path}: ${p.message}`);
    }
  }
  return failed ? 1 : 0;
}

async function run(
  server: DagServer,
  files: string[],
  options: { drain: boolean; quiet: boolean },
): Promise<number> {
  if (files.length !== 1) {
    console.error('flow run takes exactly one DAG file');
    return 2;
  }
  const file = files[0] as string;
  const result = validateDagJson(await readFile(file, 'utf8'), server.catalog());
  for (const line of notices(file, result)) console.error(line);
  if (!result.ok) {
    for (const p of result.problems) console.error(`${file}: ${p.path}: ${p.message}`);
    return 1;
  }
  const dag = result.dag;
  const problems = server.problems(dag, dirname(resolve(file)));
  if (problems.length > 0) {
    for (const p of problems) console.error(`${file}: ${p.path}: ${p.message}`);
    return 1;
  }
  server.add(dag, { baseDir: dirname(resolve(file)) });
  // What each node that publishes sends: PublicationNodes, PublisherSinkNodes, and sources that
  // compute and publish (the original's form).
  const publishingNodes = new Set(
    dag.nodes
      .filter((n) => 'publishers' in n.config && (n.config.publishers ?? []).length > 0)
      .map((n) => n.name),
  );
  server.subscribe((event) => {
    if (event.type === 'computed' && publishingNodes.has(event.node) && !options.quiet) {
      process.stdout.write(`${event.node}: ${JSON.stringify(event.output)}\n`);
    } else if (event.type === 'issue') {
      console.error(`${event.node}: ${event.issue.level}: ${event.issue.message}`);
    }
  });

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= server.stop(dag.name));
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  await server.start(dag.name);
  const runtime = server.runtime(dag.name);
  console.error(
    `${dag.name}: ${runtime.state}${options.drain ? ' (until drained)' : ' (Ctrl-C stops)'}`,
  );
  await new Promise<void>((done) => {
    const check = setInterval(() => {
      if (
        stopping ||
        runtime.state === 'stopped' ||
        (options.drain && runtime.state === 'running' && runtime.isIdle())
      ) {
        clearInterval(check);
        done();
      }
    }, 50);
  });
  await stop();
  printSummary(server.details(dag.name).nodes);
  return 0;
}

function printSummary(nodes: readonly NodeDetails[]): void {
  const rows = nodes.map((n) => [
    n.name,
    n.type,
    String(n.computeCount),
    String(n.errorCount),
    String(n.warningCount),
    n.queue ? String(n.queue.drops) : '',
    n.publishers ? String(n.publishers.reduce((s, p) => s + p.published, 0)) : '',
    n.errors.at(-1)?.message ?? '',
  ]);
  const header = [
    'node',
    'type',
    'computed',
    'errors',
    'warnings',
    'drops',
    'published',
    'last issue',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.error(['', line(header), ...rows.map(line)].join('\n'));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError)
      for (const p of error.problems) console.error(`${p.path}: ${p.message}`);
    else console.error(error);
    process.exit(1);
  },
);
