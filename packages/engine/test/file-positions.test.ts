import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DagServer,
  MemoryPositionStore,
  type FilePosition,
  type PositionKey,
  type PositionStore,
} from '../src/index';
import { until } from './helpers';

const dag = (batchSize = 1) => ({
  name: 'tail',
  subscribers: [{ name: 'in', config: { source: 'file:in.jsonl', poll_interval_ms: 20 } }],
  publishers: [{ name: 'out', config: { destination: 'file:out.jsonl', batch_size: batchSize } }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'src', to: 'sink' }],
});

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `{"n":${from + i}}\n`).join('');

const outputOf = (dir: string) =>
  readFileSync(join(dir, 'out.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { n: number }).n);

/** A store that records what was saved (the server's is PostgreSQL). */
class RecordingStore implements PositionStore {
  readonly inner = new MemoryPositionStore();
  readonly saved: FilePosition[] = [];
  load(key: PositionKey) {
    return this.inner.load(key);
  }
  async save(key: PositionKey, position: FilePosition) {
    this.saved.push(position);
    await this.inner.save(key, position);
  }
}

function workspace(positions?: PositionStore) {
  const dir = mkdtempSync(join(tmpdir(), 'flow-pos-'));
  const server = new DagServer({
    baseDir: dir,
    fileRoots: [dir],
    ...(positions ? { positions } : {}),
  });
  const sink = () => server.details('tail').nodes[1]?.computeCount ?? 0;
  return { dir, server, sink };
}

describe('file read positions', () => {
  it('goes on where it was after stop/start, a save (update) and a new server on the same store', async () => {
    const store = new RecordingStore();
    const { dir, server, sink } = workspace(store);
    writeFileSync(join(dir, 'in.jsonl'), lines(1, 3));
    server.add(dag());
    await server.start('tail');
    await until(() => sink() === 3);
    await server.stop('tail');
    expect(store.saved.at(-1)).toEqual({ offset: lines(1, 3).length, line: 3 });

    appendFileSync(join(dir, 'in.jsonl'), lines(4, 5));
    await server.start('tail');
    await until(() => sink() === 5);
    // A save of the running DAG restarts it: three saves read nothing twice.
    for (let i = 0; i < 3; i++) await server.update(dag());
    appendFileSync(join(dir, 'in.jsonl'), lines(6, 6));
    await until(() => (server.details('tail').nodes[1]?.computeCount ?? 0) >= 1);
    await server.stop('tail');

    // A restarted process: a new engine with the same store.
    const again = new DagServer({ baseDir: dir, fileRoots: [dir], positions: store });
    again.add(dag());
    appendFileSync(join(dir, 'in.jsonl'), '{"n":7}\nnot json\n');
    await again.start('tail');
    await until(() => (again.details('tail').nodes[0]?.errorCount ?? 0) === 1);
    await again.stop('tail');
    expect(outputOf(dir)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Line numbers survive too: the bad line is line 8 of the file.
    expect(again.details('tail').nodes[0]?.errors[0]?.input).toMatchObject({
      origin: 'in.jsonl:8',
    });
  });

  it('saves no position past a line before its publisher accepted it (at-least-once)', async () => {
    const store = new RecordingStore();
    const { dir, server } = workspace(store);
    writeFileSync(join(dir, 'in.jsonl'), lines(1, 3));
    server.add(dag(100));
    await server.start('tail');
    await until(() => (server.details('tail').nodes[0]?.computeCount ?? 0) === 3);
    await new Promise((r) => setTimeout(r, 600));
    // Nothing is acknowledged while the batch waits to fill up: no position past line 0.
    expect(store.saved.filter((p) => p.offset > 0)).toEqual([]);
    await server.stop('tail');
    // The stop flushed the batch: now all three are acknowledged.
    expect(store.saved.at(-1)).toEqual({ offset: lines(1, 3).length, line: 3 });
    expect(outputOf(dir)).toEqual([1, 2, 3]);
  });

  it('reads a file that shrank below the stored position from the top', async () => {
    const { dir, server, sink } = workspace();
    writeFileSync(join(dir, 'in.jsonl'), lines(1, 3));
    server.add(dag());
    await server.start('tail');
    await until(() => sink() === 3);
    await server.stop('tail');
    writeFileSync(join(dir, 'in.jsonl'), lines(10, 10));
    await server.start('tail');
    await until(() => sink() === 4);
    await server.stop('tail');
    expect(outputOf(dir)).toEqual([1, 2, 3, 10]);
  });
});
