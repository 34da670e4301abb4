import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DagServer } from '../src/index';
import { until } from './helpers';

/** A root folder, a folder outside it holding a secret, and a server bound to the root. */
function world() {
  const top = mkdtempSync(join(tmpdir(), 'flow-roots-'));
  const root = join(top, 'root');
  const outside = join(top, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.jsonl'), '{"secret":"s3cr3t-value"}\n');
  const server = new DagServer({ baseDir: root, fileRoots: [{ path: root, name: 'ROOT' }] });
  return { top, root, outside, server };
}

const dag = (source: string, destination = 'mem://queue/out', deadLetter?: string) => ({
  name: 'files',
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

const problemsOf = (server: DagServer, config: unknown) => [...server.problems(config)];

describe('file roots at validation', () => {
  it('refuses ../ out of the root, naming the path as written and the roots by name', () => {
    const { server, top } = world();
    const problems = problemsOf(server, dag('file:../outside/secret.jsonl'));
    expect(problems).toEqual([
      {
        path: '$.subscribers[0].config.source',
        segments: ['subscribers', 0, 'config', 'source'],
        code: 'path_not_allowed',
        message: expect.stringContaining('file:../outside/secret.jsonl'),
      },
    ]);
    expect(problems[0]?.message).toContain('ROOT');
    expect(problems[0]?.message).not.toContain(top);
  });

  it('refuses absolute paths outside every root, /proc/self/environ and /etc/passwd', () => {
    const { server, outside } = world();
    for (const uri of [
      `file://${join(outside, 'secret.jsonl')}`,
      'file:///proc/self/environ',
      'file:///etc/passwd',
    ]) {
      expect(problemsOf(server, dag(uri)).map((p) => [p.path, p.code])).toEqual([
        ['$.subscribers[0].config.source', 'path_not_allowed'],
      ]);
    }
  });

  it('refuses system and device files even when the root is /', () => {
    const server = new DagServer({ fileRoots: ['/'] });
    for (const uri of ['file:///proc/self/environ', 'file:///dev/zero', 'file:///sys/kernel/x'])
      expect(problemsOf(server, dag(uri))[0]).toMatchObject({
        code: 'path_not_allowed',
        message: expect.stringContaining('system file'),
      });
  });

  it('refuses a symlink inside the root that leads out of it, to a file or through a folder', () => {
    const { server, root, outside } = world();
    symlinkSync(join(outside, 'secret.jsonl'), join(root, 'evil.jsonl'));
    symlinkSync(outside, join(root, 'evil-dir'));
    expect(problemsOf(server, dag('file:evil.jsonl'))[0]).toMatchObject({
      code: 'path_not_allowed',
      message: expect.stringContaining('symlink'),
    });
    expect(problemsOf(server, dag('file:evil-dir/secret.jsonl'))[0]?.code).toBe('path_not_allowed');
    // A new file through the folder link would be written outside too.
    expect(
      problemsOf(server, dag('file:in.jsonl', 'file:evil-dir/new/out.jsonl'))[0],
    ).toMatchObject({ path: '$.publishers[0].config.destination', code: 'path_not_allowed' });
  });

  it('refuses a FIFO inside the root: not a regular file', () => {
    const { server, root } = world();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(problemsOf(server, dag('file:pipe'))[0]).toMatchObject({
      code: 'path_not_allowed',
      message: expect.stringContaining('not a regular file'),
    });
  });

  it('refuses a dead_letter and a publisher outside the roots, listing every problem', () => {
    const { server } = world();
    const problems = problemsOf(
      server,
      dag('file:in.jsonl', 'file:///tmp/flow-out.jsonl', 'file:../../dead.jsonl'),
    );
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.dead_letter', 'path_not_allowed'],
      ['$.publishers[0].config.destination', 'path_not_allowed'],
    ]);
  });

  it('accepts relative and absolute paths inside the root, existing or not, and symlinks inside', () => {
    const { server, root } = world();
    writeFileSync(join(root, 'in.jsonl'), '');
    symlinkSync(join(root, 'in.jsonl'), join(root, 'alias.jsonl'));
    expect(problemsOf(server, dag('file:in.jsonl', 'file:out/new.jsonl'))).toEqual([]);
    expect(problemsOf(server, dag(`file://${join(root, 'in.jsonl')}`))).toEqual([]);
    expect(problemsOf(server, dag('file:alias.jsonl', 'file:a/b/../c.jsonl'))).toEqual([]);
  });

  it('resolves relative paths against the first root when the base folder is outside every root', () => {
    const { root, outside } = world();
    const server = new DagServer({ baseDir: outside, fileRoots: [root] });
    expect(problemsOf(server, dag('file:in.jsonl'))).toEqual([]);
    server.add(dag('file:in.jsonl', 'file:out.jsonl'));
    return server.start('files').then(async () => {
      await server.stop('files');
      expect(existsSync(join(root, 'out.jsonl'))).toBe(true);
      expect(existsSync(join(outside, 'out.jsonl'))).toBe(false);
    });
  });

  it('leaves an unbound server (the CLI without --file-roots) as it was', () => {
    const server = new DagServer();
    expect(problemsOf(server, dag('file:///etc/passwd'))).toEqual([]);
  });
});

describe('file roots at open time', () => {
  it('a symlink planted after validation is refused on open: an error on the node, nothing read', async () => {
    const { server, root, outside } = world();
    writeFileSync(join(root, 'in.jsonl'), '');
    server.add(dag('file:in.jsonl'));
    rmSync(join(root, 'in.jsonl'));
    symlinkSync(join(outside, 'secret.jsonl'), join(root, 'in.jsonl'));
    await server.start('files');
    await until(() => (server.details('files').nodes[0]?.errorCount ?? 0) > 0);
    await server.stop('files');
    const details = JSON.stringify(server.details('files'));
    expect(details).not.toContain('s3cr3t-value');
    expect(details).not.toContain(outside);
    expect(server.details('files').nodes[0]?.computeCount).toBe(0);
    expect(server.details('files').nodes[0]?.errors[0]?.message).toMatch(/in\.jsonl/);
  });

  it('a publisher whose folder became a symlink out of the root writes nothing there', async () => {
    const { server, root, outside } = world();
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'in.jsonl'), '{"a":1}\n');
    server.add(dag('file:in.jsonl', 'file:out/result.jsonl'));
    rmSync(join(root, 'out'), { recursive: true });
    symlinkSync(outside, join(root, 'out'));
    await server.start('files');
    await until(() => (server.details('files').nodes[1]?.errorCount ?? 0) > 0);
    await server.stop('files');
    expect(existsSync(join(outside, 'result.jsonl'))).toBe(false);
    expect(server.details('files').nodes[1]?.errors[0]?.message).not.toContain(outside);
  });

  it('shows paths relative to their root: waiting for a file, rejected payload origins', async () => {
    const { server, root } = world();
    mkdirSync(join(root, 'data'));
    server.add(dag('file:data/in.jsonl'));
    await server.start('files');
    await until(() => server.details('files').nodes[0]?.connection?.error !== undefined);
    expect(server.details('files').nodes[0]?.connection?.error).toBe(
      'waiting for data/in.jsonl to exist',
    );
    writeFileSync(join(root, 'data/in.jsonl'), '{"a":1}\nnot json\n');
    await until(() => (server.details('files').nodes[0]?.errorCount ?? 0) > 1);
    await server.stop('files');
    const errors = server.details('files').nodes[0]?.errors ?? [];
    expect(errors.at(-1)?.input).toMatchObject({ origin: 'data/in.jsonl:2' });
    expect(JSON.stringify(errors)).not.toContain(root);
  });

  it('reads what the root holds through a symlink inside it', async () => {
    const { server, root } = world();
    writeFileSync(join(root, 'real.jsonl'), '{"a":1}\n');
    symlinkSync(join(root, 'real.jsonl'), join(root, 'alias.jsonl'));
    server.add(dag('file:alias.jsonl', 'file:out.jsonl'));
    await server.start('files');
    await until(() => server.details('files').nodes[1]?.computeCount === 1);
    await server.stop('files');
    expect(readFileSync(join(root, 'out.jsonl'), 'utf8')).toBe('{"a":1}\n');
  });
});
