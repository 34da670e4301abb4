import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DagServer } from '../src/index';
import { until } from './helpers';

const fileDag = (dir: string) => ({
  name: 'tail',
  subscribers: [
    { name: 'in', config: { source: `file://${join(dir, 'in.jsonl')}`, poll_interval_ms: 20 } },
  ],
  publishers: [{ name: 'out', config: { destination: 'file:out/result.jsonl' } }],
  calculators: [{ name: 'add', type: 'AdditionCalculator', config: { arguments: ['a', 'b'] } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'calc' },
    { from: 'calc', to: 'sink' },
  ],
});

describe('file adapters', () => {
  it('tails a JSON-lines file: reads what is there, then what is appended, recording bad lines with their origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-file-'));
    writeFileSync(join(dir, 'in.jsonl'), '{"a":1,"b":1}\n');
    const server = new DagServer({ baseDir: dir });
    server.add(fileDag(dir));
    await server.start('tail');
    const out = join(dir, 'out/result.jsonl');
    await until(() => server.details('tail').nodes[1]?.computeCount === 1);
    appendFileSync(join(dir, 'in.jsonl'), '"just a string"\n{"a":2,"b":2}\n{"a":3,');
    await until(() => server.details('tail').nodes[1]?.computeCount === 2);
    appendFileSync(join(dir, 'in.jsonl'), '"b":3}\n');
    await until(() => server.details('tail').nodes[1]?.computeCount === 3);
    await server.stop('tail');
    expect(readFileSync(out, 'utf8')).toBe('{"result":2}\n{"result":4}\n{"result":6}\n');
    const src = server.details('tail').nodes[0];
    expect(src?.errorCount).toBe(1);
    expect(src?.errors[0]?.message).toMatch(/not a JSON object \(string\) \(from .*in\.jsonl:2\)/);
    expect(src?.errors[0]?.input).toEqual({
      preview: '"just a string"',
      origin: expect.stringMatching(/in\.jsonl:2$/),
    });
  });

  it('waits for a file that does not exist yet, showing why on the node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-file-'));
    const server = new DagServer({ baseDir: dir });
    server.add(fileDag(dir));
    await server.start('tail');
    await until(() => server.details('tail').nodes[0]?.connection?.error !== undefined);
    expect(server.details('tail').nodes[0]?.connection).toMatchObject({
      state: 'connecting',
      error: expect.stringContaining('waiting for'),
    });
    writeFileSync(join(dir, 'in.jsonl'), '{"a":5,"b":5}\n');
    await until(() => server.details('tail').nodes[1]?.computeCount === 1);
    expect(server.details('tail').nodes[0]?.connection?.state).toBe('connected');
    await server.stop('tail');
  });
});

describe('dead letters', () => {
  it('sends payloads that are not JSON objects to the dead_letter destination, with reason and origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-dead-'));
    writeFileSync(join(dir, 'in.jsonl'), '{"a":1,"b":1}\nnot json\n[1,2]\n{"a":2,"b":2}\n');
    const config = fileDag(dir);
    config.subscribers = [
      {
        name: 'in',
        config: {
          source: `file://${join(dir, 'in.jsonl')}`,
          poll_interval_ms: 20,
          dead_letter: 'file:dead.jsonl',
        } as never,
      },
    ];
    const server = new DagServer({ baseDir: dir });
    server.add(config);
    await server.start('tail');
    await until(
      () => server.runtime('tail').isIdle() && server.details('tail').nodes[1]?.computeCount === 2,
    );
    await server.stop('tail');
    expect(readFileSync(join(dir, 'out/result.jsonl'), 'utf8')).toBe(
      '{"result":2}\n{"result":4}\n',
    );
    const dead = readFileSync(join(dir, 'dead.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(dead).toEqual([
      expect.objectContaining({
        payload: 'not json',
        origin: expect.stringMatching(/in\.jsonl:2$/),
        dag: 'tail',
        node: 'src',
        error: expect.stringContaining('not JSON'),
      }),
      expect.objectContaining({
        payload: '[1,2]',
        origin: expect.stringMatching(/in\.jsonl:3$/),
        error: expect.stringContaining('not a JSON object'),
      }),
    ]);
    expect(server.details('tail').nodes[0]?.queue?.rejected).toBe(2);
  });

  it('refuses a dead_letter destination without a publisher adapter', () => {
    const server = new DagServer();
    const config = fileDag('/tmp');
    config.subscribers = [
      {
        name: 'in',
        config: { source: 'file:///tmp/x.jsonl', dead_letter: 'nowhere://x' } as never,
      },
    ];
    expect(() => server.add(config)).toThrow(
      /dead_letter "nowhere:\/\/x" has no publisher adapter/,
    );
  });
});
