import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { instance, until, type Instance } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import { buildServer, type FlowServer } from '../server';
import { DAG_COUNTS_TTL_MS, dagCounts } from './status';

const servers: FlowServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Its HTTP server listening on 127.0.0.1 (other instances call it), its node advertising that URL. */
async function serve(made: Instance): Promise<void> {
  const server = await buildServer(made.app, pino({ level: 'silent' }));
  servers.push(server);
  await server.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = server.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  made.node.self = { ...made.node.self, url: `http://127.0.0.1:${port}` };
}

describe("server.status's DAG counts in a cluster", { timeout: 60_000 }, () => {
  it('counts on a standby the states the runner has, as dags.list shows them', async () => {
    const zk = new FakeZooKeeper();
    const leader = await instance(zk, 'one', 'primary', ['a', 'b']);
    const standby = await instance(zk, 'two', 'primary', [], undefined, leader);
    await serve(leader);
    await serve(standby);
    const members = [leader.node.self, standby.node.self];
    leader.node.drive('leader', undefined, members);
    standby.node.drive('standby', leader.node.self, members);
    await until(
      () =>
        leader.app.engine.state('a') === 'running' && leader.app.engine.state('b') === 'running',
      'the leader runs a and b',
    );
    await until(() => standby.app.engine.has('b'), 'the standby has loaded b');
    // The standby's own engine keeps both stopped; the cluster runs both.
    expect(standby.app.engine.status().dags).toMatchObject({ running: 0, stopped: 2 });
    const t0 = Date.now();
    const running = { total: 2, running: 2, suspended: 0, stopped: 0, failed: 0 };
    expect(await dagCounts(standby.app, t0)).toEqual(running);
    expect(await dagCounts(leader.app, t0)).toEqual(running);
    await leader.app.setState('a', 'suspend', 'admin');
    // Reused for a second (each count asks the runners), then counted again.
    expect(await dagCounts(standby.app, t0 + DAG_COUNTS_TTL_MS - 1)).toEqual(running);
    expect(await dagCounts(standby.app, t0 + DAG_COUNTS_TTL_MS)).toEqual({
      ...running,
      running: 1,
      suspended: 1,
    });
  });

  it('counts what it has while no runner is known (joining)', async () => {
    const zk = new FakeZooKeeper();
    const { app } = await instance(zk, 'one');
    // Not joined: nothing runs here, and no runner is known to ask.
    expect(await dagCounts(app)).toEqual({
      total: 1,
      running: 0,
      suspended: 0,
      stopped: 1,
      failed: 0,
    });
  });
});
