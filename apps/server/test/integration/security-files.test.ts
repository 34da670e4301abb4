import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, loginAs, startTestServer, type Session, type TestServer } from './harness';

// Issue 12, findings 1, 3, 10 and 12: an analyst's DAG reads and writes files only inside the
// roots the admin set (default DATA_DIR/files), error messages never show absolute server paths,
// file sources go on where they were after a save or a restart, and a stop always returns.

const SECRET = 's3cr3t-outside-the-roots';

const fileDag = (
  name: string,
  source: string,
  destination = `mem://queue/${name}_out`,
  deadLetter?: string,
) => ({
  name,
  subscribers: [
    {
      name: 'in',
      config: {
        source,
        poll_interval_ms: 20,
        ...(deadLetter ? { dead_letter: deadLetter } : {}),
      },
    },
  ],
  publishers: [{ name: 'out', config: { destination } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'src', to: 'sink' }],
});

interface ErrorData {
  code: string;
  httpStatus: number;
  problems?: { path: string; code: string; message: string }[];
}

async function refusal(work: Promise<unknown>): Promise<ErrorData> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return (error as TRPCClientError<never>).data as unknown as ErrorData;
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const numbers = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { n: number }).n);

describe('files are the admin’s (issue 12)', () => {
  let t: TestServer;
  let admin: Session;
  let analyst: Session;
  let viewer: Session;
  let dataDir: string;
  let files: string;
  let outside: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flow-sec-files-'));
    files = join(dataDir, 'files');
    outside = mkdtempSync(join(tmpdir(), 'flow-sec-outside-'));
    writeFileSync(join(outside, 'secret.jsonl'), `{"secret":"${SECRET}"}\n`);
    t = await startTestServer('pglite', { DATA_DIR: dataDir });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    for (const role of ['analyst', 'viewer'] as const)
      await admin.client.users.create.mutate({
        username: `files_${role}`,
        password: `${role}-password-1`,
        role,
      });
    analyst = await loginAs(t.url, 'files_analyst', 'analyst-password-1');
    viewer = await loginAs(t.url, 'files_viewer', 'viewer-password-1');
  }, 60_000);

  afterAll(async () => {
    for (const s of [admin, analyst, viewer]) s?.close();
    await t?.close();
  });

  it.each([
    ['file:///proc/self/environ', '$.subscribers[0].config.source', 'source'],
    ['file:../../etc/passwd', '$.subscribers[0].config.source', 'source'],
    ['file:///etc/shadow', '$.subscribers[0].config.source', 'source'],
  ])('refuses an analyst’s source %s with a 400 naming the path', async (uri, path, field) => {
    const data = await refusal(analyst.client.dags.save.mutate({ config: fileDag('steal', uri) }));
    expect(data.code).toBe('BAD_REQUEST');
    expect(data.httpStatus).toBe(400);
    expect(data.problems).toEqual([
      {
        path,
        segments: ['subscribers', 0, 'config', field],
        code: 'path_not_allowed',
        message: expect.stringContaining(uri),
      },
    ]);
    expect(data.problems?.[0]?.message).toContain('DATA_DIR/files');
    expect(data.problems?.[0]?.message).not.toContain(dataDir);
    const validation = await analyst.client.dags.validate.mutate({ config: fileDag('steal', uri) });
    expect(validation.problems.map((p) => [p.path, p.code])).toEqual([[path, 'path_not_allowed']]);
    expect(await admin.client.dags.list.query()).not.toContainEqual(
      expect.objectContaining({ name: 'steal' }),
    );
  });

  it('refuses a dead_letter and a publisher outside the roots, creating no folder', async () => {
    const escape = join(outside, 'made-by-analyst');
    const data = await refusal(
      analyst.client.dags.save.mutate({
        config: fileDag(
          'write_anywhere',
          'file:in.jsonl',
          `file://${join(escape, 'out.jsonl')}`,
          'file:../../dead/letters.jsonl',
        ),
      }),
    );
    expect(data.httpStatus).toBe(400);
    expect(data.problems?.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.dead_letter', 'path_not_allowed'],
      ['$.publishers[0].config.destination', 'path_not_allowed'],
    ]);
    expect(existsSync(escape)).toBe(false);
  });

  it('refuses a symlink inside the root that points out, at validation and when planted later', async () => {
    symlinkSync(join(outside, 'secret.jsonl'), join(files, 'link.jsonl'));
    const data = await refusal(
      analyst.client.dags.save.mutate({ config: fileDag('linked', 'file:link.jsonl') }),
    );
    expect(data.problems?.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.source', 'path_not_allowed'],
    ]);

    // A regular file passes validation; a symlink put in its place afterwards is refused on open.
    writeFileSync(join(files, 'planted.jsonl'), '');
    await analyst.client.dags.save.mutate({ config: fileDag('planted', 'file:planted.jsonl') });
    rmSync(join(files, 'planted.jsonl'));
    symlinkSync(join(outside, 'secret.jsonl'), join(files, 'planted.jsonl'));
    await admin.client.dags.start.mutate({ name: 'planted' });
    await until(
      async () =>
        ((await viewer.client.dags.details.query({ name: 'planted' })).nodes[0]?.errorCount ?? 0) >
        0,
    );
    await admin.client.dags.stop.mutate({ name: 'planted' });
    const details = await viewer.client.dags.details.query({ name: 'planted' });
    const shown = JSON.stringify(details);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(outside);
    expect(shown).not.toContain(dataDir);
    expect(details.nodes[0]?.computeCount).toBe(0);
    expect(details.nodes[0]?.errors[0]?.message).toContain('planted.jsonl');
  });

  it('shows paths relative to the root while waiting for a file', async () => {
    await analyst.client.dags.save.mutate({ config: fileDag('relative', 'file:rel/in.jsonl') });
    await admin.client.dags.start.mutate({ name: 'relative' });
    await until(
      async () =>
        (await viewer.client.dags.details.query({ name: 'relative' })).nodes[0]?.connection
          ?.error !== undefined,
    );
    expect(
      (await viewer.client.dags.details.query({ name: 'relative' })).nodes[0]?.connection?.error,
    ).toBe('waiting for rel/in.jsonl to exist');
    await admin.client.dags.stop.mutate({ name: 'relative' });
  });

  it('publishes no line twice across saves, stop/start and a server restart on the same DATA_DIR', async () => {
    writeFileSync(join(files, 'orders.jsonl'), '{"n":1}\n{"n":2}\n{"n":3}\n');
    const config = fileDag('resume', 'file:orders.jsonl', 'file:resumed.jsonl');
    await analyst.client.dags.save.mutate({ config });
    await admin.client.dags.start.mutate({ name: 'resume' });
    const out = join(files, 'resumed.jsonl');
    const lines = () => (existsSync(out) ? numbers(out).length : 0);
    await until(() => lines() === 3);
    for (let i = 0; i < 3; i++)
      await analyst.client.dags.save.mutate({ config, comment: `save ${i}` });
    await admin.client.dags.stop.mutate({ name: 'resume' });
    appendFileSync(join(files, 'orders.jsonl'), '{"n":4}\n');
    await admin.client.dags.start.mutate({ name: 'resume' });
    await until(() => lines() === 4);

    // The server stops (flushing the position) and starts again on the same DATA_DIR.
    for (const s of [admin, analyst, viewer]) s.close();
    await t.server.close();
    await t.app.close();
    appendFileSync(join(files, 'orders.jsonl'), '{"n":5}\nnot json\n');
    t = await startTestServer('pglite', { DATA_DIR: dataDir });
    admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
    analyst = await loginAs(t.url, 'files_analyst', 'analyst-password-1');
    viewer = await loginAs(t.url, 'files_viewer', 'viewer-password-1');
    await until(() => lines() === 5);
    await until(
      async () =>
        ((await viewer.client.dags.details.query({ name: 'resume' })).nodes[0]?.errorCount ?? 0) >
        0,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(numbers(out)).toEqual([1, 2, 3, 4, 5]);
    // The line count survived too: the bad line is line 6, shown relative to the root.
    const errors = (await viewer.client.dags.details.query({ name: 'resume' })).nodes[0]?.errors;
    expect(errors?.at(-1)?.input).toMatchObject({ origin: 'orders.jsonl:6' });
    await admin.client.dags.stop.mutate({ name: 'resume' });
  }, 60_000);

  it('stops a DAG whose Redis is unreachable (closed port on 127.0.0.1) within a bound', async () => {
    const config = {
      ...fileDag('dead_redis', 'redis://list/dead_in', 'redis://list/dead_out'),
      subscribers: [
        { name: 'in', config: { source: 'redis://list/dead_in', url: 'redis://127.0.0.1:1' } },
      ],
      publishers: [
        {
          name: 'out',
          config: { destination: 'redis://list/dead_out', url: 'redis://127.0.0.1:1' },
        },
      ],
    };
    await admin.client.dags.save.mutate({ config });
    await admin.client.dags.start.mutate({ name: 'dead_redis' });
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    expect(await admin.client.dags.stop.mutate({ name: 'dead_redis' })).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(3000);
    // Well inside the default 5 s bound: the Redis clients stop without waiting to connect.
    // Started again, the whole engine also stops within it.
    await admin.client.dags.start.mutate({ name: 'dead_redis' });
    const closing = Date.now();
    await t.app.engine.stopAll();
    expect(Date.now() - closing).toBeLessThan(3000);
  }, 30_000);
});

describe('file positions on PostgreSQL (issue 12, finding 12)', () => {
  it('a stopped and started file DAG publishes no line twice', async () => {
    const t = await startTestServer('postgres');
    try {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      const files = join(t.app.settings.DATA_DIR, 'files');
      writeFileSync(join(files, 'pg.jsonl'), '{"n":1}\n{"n":2}\n');
      await admin.client.dags.save.mutate({
        config: fileDag('pg_resume', 'file:pg.jsonl', 'file:pg-out.jsonl'),
      });
      const out = join(files, 'pg-out.jsonl');
      const lines = () => (existsSync(out) ? numbers(out).length : 0);
      await admin.client.dags.start.mutate({ name: 'pg_resume' });
      await until(() => lines() === 2);
      await admin.client.dags.stop.mutate({ name: 'pg_resume' });
      appendFileSync(join(files, 'pg.jsonl'), '{"n":3}\n');
      await admin.client.dags.start.mutate({ name: 'pg_resume' });
      await until(() => lines() === 3);
      await new Promise((r) => setTimeout(r, 300));
      await admin.client.dags.stop.mutate({ name: 'pg_resume' });
      expect(numbers(out)).toEqual([1, 2, 3]);
      const [row] = await t.app.db.query<{ byte_offset: string; line: string }>(
        'SELECT byte_offset, line FROM file_positions WHERE dag_name = $1',
        ['pg_resume'],
      );
      expect(row).toEqual({ byte_offset: String('{"n":1}\n'.length * 3), line: '3' });
      // A deleted DAG's positions go with it.
      await admin.client.dags.delete.mutate({ name: 'pg_resume' });
      expect(
        await t.app.db.query('SELECT 1 FROM file_positions WHERE dag_name = $1', ['pg_resume']),
      ).toEqual([]);
      admin.close();
    } finally {
      await t.close();
    }
  }, 60_000);
});
