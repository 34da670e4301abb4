import { describe, expect, it, vi } from 'vitest';
import { OwnersWatch } from '../src/cluster/owners';
import { ZkCode, ZkError, type Watcher, type ZkSession } from '../src/cluster/zk';

/** The part of a session OwnersWatch uses: children and data of `owners/`, some reads failing. */
class FakeOwners {
  readonly data = new Map<string, string[]>();
  childWatcher: Watcher | undefined;
  /** How many of the next reads of each child fail as a reply not in time would. */
  readonly failing = new Map<string, number>();

  getChildren = (_dir: string, watch?: Watcher): Promise<string[]> => {
    this.childWatcher = watch;
    return Promise.resolve([...this.data.keys()].map(encodeURIComponent));
  };

  getData = (path: string): Promise<{ data: Buffer; stat: object } | null> => {
    const child = path.slice(path.lastIndexOf('/') + 1);
    const fails = this.failing.get(child) ?? 0;
    if (fails > 0) {
      this.failing.set(child, fails - 1);
      return Promise.reject(new ZkError(`did not answer getData ${path}`, ZkCode.TIMEOUT));
    }
    const owners = this.data.get(decodeURIComponent(child));
    const data = Buffer.from(JSON.stringify({ owners, epoch: 1 }));
    return Promise.resolve(owners ? { data, stat: {} } : null);
  };

  /** The leader places a new DAG: a new child, the child watch fires. */
  place(dag: string, owners: string[]): void {
    this.data.set(dag, owners);
    // OwnersWatch reads no field of the event.
    this.childWatcher?.({} as Parameters<Watcher>[0]);
  }
}

describe('OwnersWatch', () => {
  it('reads again a DAG whose owners it failed to read, with no further change to wake it', async () => {
    const zk = new FakeOwners();
    zk.data.set('first', ['m1']);
    const seen: ReadonlyMap<string, readonly string[]>[] = [];
    const errors: unknown[] = [];
    let active = true;
    const watch = new OwnersWatch(
      zk as unknown as ZkSession,
      '/flow/owners',
      () => active,
      (owners) => seen.push(new Map(owners)),
      (error) => errors.push(error),
    );
    await watch.start();
    expect(seen.at(-1)?.get('first')).toEqual(['m1']);

    zk.failing.set('second', 1);
    zk.place('second', ['m2']);
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 1000 });
    // Nothing else changes in owners/: the retry alone reads it.
    await vi.waitFor(() => expect(seen.at(-1)?.get('second')).toEqual(['m2']), {
      timeout: 3000,
    });
    expect(seen.at(-1)?.get('first')).toEqual(['m1']);
    active = false;
  });
});
