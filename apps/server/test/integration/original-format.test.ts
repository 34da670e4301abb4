// The original system's DAG files (issue 15) through the server: validate and save answer with
// `originalFormat` and the conversion's warnings, the stored config is ours, the save's audit
// entry lists the warnings, every rule of ours still applies, and DAG_CONFIG_FOLDER loads such
// files too, logging their warnings with the file's name.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { saveDagResultSchema, validateDagResultSchema } from '@flow/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowApp } from '../../src/app';
import { readSettings } from '../../src/config/env';
import {
  ADMIN_PASSWORD,
  createUserSession,
  loginAs,
  problemsOf,
  startTestServer,
  type Session,
  type TestServer,
} from './harness';

/** A DAG in the original format: node-level components, from_node/to_node, keys we ignore. */
const originalDag = (name: string) => ({
  name,
  _comment: 'written for the original system',
  version: '1.0',
  autoclone: false,
  subscribers: [{ name: 'lines', config: { source: `mem://queue/${name}_in` } }],
  publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
  calculators: [
    {
      name: 'add_ab',
      type: 'core.calculator.core_calculator.AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum', description: 'a + b' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', subscriber: 'lines', config: {} },
    { name: 'adder', type: 'CalculationNode', calculator: 'add_ab', priority: 1, config: {} },
    { name: 'sink', type: 'PublicationNode', publishers: ['out_q'], config: {} },
  ],
  edges: [
    { from_node: 'src', to_node: 'adder' },
    { from_node: 'adder', to_node: 'sink' },
  ],
});

/** The warnings the file above gets, by path. */
const WARNED = [
  '$._comment',
  '$.version',
  '$.autoclone',
  '$.calculators[0].config.description',
  '$.nodes[1].priority',
];

/** The same DAG as ours: what the server stores for the file above. */
const converted = (name: string) => ({
  name,
  // An original file without `propagate` propagates changes only, as the original did.
  propagate: 'changes',
  subscribers: [{ name: 'lines', config: { source: `mem://queue/${name}_in` } }],
  publishers: [{ name: 'out_q', config: { destination: `mem://queue/${name}_out` } }],
  calculators: [
    {
      name: 'add_ab',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'lines' } },
    { name: 'adder', type: 'CalculationNode', config: { calculator: 'add_ab' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out_q'] } },
  ],
  edges: [
    { from: 'src', to: 'adder' },
    { from: 'adder', to: 'sink' },
  ],
});

describe('the original format through the API', () => {
  let t: TestServer;
  let admin: Session;
  let analyst: Session;
  beforeAll(async () => {
    t = await startTestServer('pglite');
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    analyst = await createUserSession(admin, t.url, {
      username: 'ana',
      password: 'analyst-password',
      role: 'analyst',
    });
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    analyst?.close();
    await t?.close();
  });

  it('validate answers originalFormat, the warnings at their paths and the config converted', async () => {
    const reply = await analyst.client.dags.validate.mutate({ config: originalDag('orig_v') });
    expect(reply.ok).toBe(true);
    expect(reply.problems).toEqual([]);
    expect(reply.originalFormat).toBe(true);
    expect(reply.warnings?.map((w) => w.path).sort()).toEqual([...WARNED].sort());
    expect(reply.warnings?.every((w) => w.code === 'not_supported')).toBe(true);
    expect(reply.converted).toEqual(converted('orig_v'));
    // The reply is the one contract of @flow/shared, as sent over the wire.
    expect(validateDagResultSchema.parse(reply)).toEqual(reply);
    // Ours is answered as before: no original-format keys in the reply.
    const ours = await analyst.client.dags.validate.mutate({ config: converted('ours_v') });
    expect(ours).toEqual({ ok: true, problems: [] });
  });

  it('save stores ours, answers and audits the warnings; the stored DAG runs', async () => {
    const name = 'orig_saved';
    const saved = await analyst.client.dags.save.mutate({ config: originalDag(name) });
    expect(saved).toMatchObject({ name, version: 1, originalFormat: true });
    expect(saved.warnings?.map((w) => w.path).sort()).toEqual([...WARNED].sort());
    expect(saveDagResultSchema.parse(saved)).toEqual(saved);

    const stored = await admin.client.dags.get.query({ name });
    expect(stored.config).toEqual(converted(name));
    const text = JSON.stringify(stored.config);
    for (const key of ['from_node', 'to_node', '_comment', 'autoclone', 'priority', 'core.'])
      expect(text).not.toContain(key);

    const audit = await admin.client.audit.list.query({ limit: 20 });
    const entry = audit.find((a) => a.action === 'dag.save' && a.dag === name);
    expect(entry?.actor).toBe('ana');
    const detail = entry?.detail as { version: number; originalFormat: true; warnings: string[] };
    expect(detail.version).toBe(1);
    expect(detail.originalFormat).toBe(true);
    expect(detail.warnings).toEqual(saved.warnings?.map((w) => `${w.path}: ${w.message}`));

    // A second save of ours over it is a plain save: no original-format keys in its reply.
    const again = await analyst.client.dags.save.mutate({ config: stored.config });
    expect(again).toEqual({ name, version: 2 });

    // The stored DAG is ours and runs: 2 + "3" through the converted adder.
    await admin.client.dags.start.mutate({ name });
    await admin.client.publish.send.mutate({ dag: name, node: 'src', message: { a: 2, b: 3 } });
    const until = Date.now() + 10_000;
    let output: unknown;
    while (Date.now() < until) {
      const details = await admin.client.dags.details.query({ name });
      output = details.nodes.find((n) => n.name === 'adder')?.output;
      if (output) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(output).toMatchObject({ sum: 5 });
    await admin.client.dags.stop.mutate({ name });
  });

  it('refuses an original file with every problem at its place in the file as written', async () => {
    const dag = originalDag('orig_bad');
    const bad = {
      ...dag,
      calculators: [{ name: 'mine', type: 'my_pkg.calc.MyCalculator', config: {} }],
      nodes: [
        dag.nodes[0],
        { name: 'adder', type: 'CalculationNode', calculator: 'nowhere', config: {} },
        dag.nodes[2],
      ],
      edges: [...dag.edges, { from_node: 'sink', to_node: 'ghost' }],
    };
    const problems = await problemsOf(analyst.client.dags.save.mutate({ config: bad }));
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual(
      expect.arrayContaining([
        'unsupported_feature $.calculators[0].type',
        'unknown_reference $.nodes[1].calculator',
        'unknown_reference $.edges[2].to_node',
      ]),
    );
    const reply = await analyst.client.dags.validate.mutate({ config: bad });
    expect(reply.ok).toBe(false);
    expect(reply.originalFormat).toBe(true);
    expect(reply.problems).toEqual(problems);
    expect(await admin.client.dags.list.query()).not.toContainEqual(
      expect.objectContaining({ name: 'orig_bad' }),
    );
  });

  it('keeps our rules: an analyst may not set an inline broker list in an original file', async () => {
    const dag = originalDag('orig_inline');
    const config = {
      ...dag,
      publishers: [
        {
          name: 'out_q',
          config: { destination: 'kafka://topic/t', brokers: ['127.0.0.1:9'] },
        },
      ],
    };
    const problems = await problemsOf(analyst.client.dags.save.mutate({ config }));
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'connection_required $.publishers[0].config.brokers',
    ]);
    const reply = await analyst.client.dags.validate.mutate({ config });
    expect(reply.problems.map((p) => p.code)).toEqual(['connection_required']);
  });
});

describe('DAG_CONFIG_FOLDER with files in the original format', () => {
  it('imports one converted into ours, logs its warnings with the file name, and refuses a bad one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flow-orig-folder-'));
    const folder = join(root, 'dags');
    mkdirSync(folder);
    writeFileSync(join(folder, 'orig_file.json'), JSON.stringify(originalDag('orig_file')));
    const bad = {
      ...originalDag('orig_bad_file'),
      calculators: [{ name: 'add_ab', type: 'my_pkg.calc.MyCalculator', config: {} }],
    };
    writeFileSync(join(folder, 'orig_bad_file.json'), JSON.stringify(bad));

    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const settings = readSettings(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(root, 'data'),
        ADMIN_PASSWORD,
        DAG_CONFIG_FOLDER: folder,
        DAG_WORKERS: '0',
      },
      () => '{}',
    );
    const app = await FlowApp.open(settings, pino({ level: 'info' }, sink));
    try {
      const stored = await app.dags.get('orig_file');
      expect(stored?.config).toEqual(converted('orig_file'));
      expect(await app.dags.get('orig_bad_file')).toBeUndefined();

      const converting = lines.find((l) => l.file === 'orig_file.json' && 'warnings' in l);
      expect(converting?.msg).toMatch(/original format/);
      const warnings = converting?.warnings as string[];
      expect(warnings.map((w) => w.slice(0, w.indexOf(':'))).sort()).toEqual([...WARNED].sort());
      expect(warnings).toContain('$.nodes[1].priority: priority is ignored: DAGs have no priority');

      const refused = lines.find(
        (l) => l.file === 'orig_bad_file.json' && l.msg === 'DAG file not imported',
      );
      expect(refused?.problems).toEqual([
        expect.objectContaining({ path: '$.calculators[0].type', code: 'unsupported_feature' }),
      ]);
      expect(refused?.warnings).toContain(
        '$.version: version is ignored: the config version is not used',
      );

      const audit = await app.audit.list(50);
      const imported = audit.find((a) => a.action === 'dag.import' && a.dag === 'orig_file');
      expect(imported?.detail).toMatchObject({ file: 'orig_file.json', originalFormat: true });
      expect((imported?.detail as { warnings: unknown[] }).warnings).toHaveLength(WARNED.length);
    } finally {
      await app.close();
    }
    // Started again: the stored DAG is not imported again, nor its warnings logged again.
    lines.length = 0;
    const again = await FlowApp.open(settings, pino({ level: 'info' }, sink));
    try {
      expect((await again.dags.get('orig_file'))?.latestVersion).toBe(1);
      expect(lines.filter((l) => l.file === 'orig_file.json')).toEqual([]);
      expect(lines.filter((l) => l.file === 'orig_bad_file.json')).toHaveLength(1);
    } finally {
      await again.close();
    }
  }, 90_000);
});
