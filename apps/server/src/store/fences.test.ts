import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type Database } from './database';
import { FenceStore, fenceScope, StaleEpochError } from './fences';
import { FilePositionStore } from './file-positions';
import { migrate } from './migrations';

describe('fencing of DAG state writes by run-lock epoch', () => {
  let db: Database;
  beforeAll(async () => {
    db = await pgliteDatabase('memory://');
    await migrate(db);
  });
  afterAll(() => db.close());

  it('refuses the write of an older epoch once a newer one claimed the DAG', async () => {
    const fences = new FenceStore(db);
    expect(await fences.claim('orders', 100)).toBe(true);
    await fences.fenced('orders', { scope: 'orders', epoch: 100 }, (tx) =>
      tx.query("UPDATE dags SET desired_state = 'stopped' WHERE name = 'orders'"),
    );
    // A second instance takes the DAG over with a newer lock.
    expect(await fences.claim('orders', 250)).toBe(true);
    // The first, resumed after a freeze, still thinks it runs it: refused, nothing written.
    await expect(
      fences.fenced('orders', { scope: 'orders', epoch: 100 }, async () => 'written'),
    ).rejects.toThrow(StaleEpochError);
    await expect(
      fences.fenced('orders', { scope: 'orders', epoch: 250 }, async () => 'written'),
    ).resolves.toBe('written');
    // An older lock cannot claim it back either, and no lock at all writes nothing.
    expect(await fences.claim('orders', 100)).toBe(false);
    await expect(fences.fenced('orders', undefined, async () => 'written')).rejects.toThrow(
      /holds no run lock/,
    );
  });

  it('drops the file position an older epoch saves, and tells who logs it', async () => {
    const fences = new FenceStore(db);
    const refused: string[] = [];
    const epochs = new Map([['files', 7]]);
    const positions = new FilePositionStore(db);
    positions.fencing = {
      fences,
      fenceOf: (dag) => {
        const epoch = epochs.get(dag);
        return epoch === undefined ? undefined : { scope: dag, epoch };
      },
      refused: (error) => refused.push(error.message),
    };
    const key = { dag: 'files', subscriber: 'in', file: 'a.jsonl' };
    await fences.claim('files', 7);
    await positions.save(key, { offset: 10, line: 1 });
    expect(await positions.load(key)).toEqual({ offset: 10, line: 1 });
    await fences.claim('files', 9);
    await positions.save(key, { offset: 99, line: 5 });
    expect(await positions.load(key)).toEqual({ offset: 10, line: 1 });
    expect(refused).toEqual([expect.stringMatching(/epoch 7 is older/)]);
  });

  it('fences each replica of a DAG in its own scope', async () => {
    const fences = new FenceStore(db);
    expect(fenceScope('orders', 0)).toBe('orders');
    expect(fenceScope('orders', 2)).toBe('orders~2');
    expect(await fences.claim('replicated', 300)).toBe(true);
    expect(await fences.claim('replicated~1', 200)).toBe(true);
    // Replica 0's newer lock does not fence replica 1's runner, nor the other way round.
    const written = (scope: string, epoch: number) =>
      fences.fenced('replicated', { scope, epoch }, async () => 'written');
    await expect(written('replicated~1', 200)).resolves.toBe('written');
    expect(await fences.claim('replicated~1', 400)).toBe(true);
    await expect(written('replicated~1', 200)).rejects.toThrow(StaleEpochError);
    await expect(written('replicated', 300)).resolves.toBe('written');
  });
});
