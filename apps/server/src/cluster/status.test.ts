import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { instance, until, type Instance } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import { buildServer, type FlowServer } from '../server';
import { DAG_COUNTS_TTL_MS, dagCounts } from './status';

const servers: FlowServer[] = [];
afterEach(async () => {
  frozen.clear();
  for (const done of held.splice(0)) done();
  for (const server of servers.splice(0)) await server.close();
});

/** Instances whose HTTP server holds every request unanswered (as a frozen process would). */
const frozen = new Set<string>();
const held: Array<() => void> = [];

/** Its HTTP server listening on 127.0.0.1 (other instances call it), its node advertising that URL. */
async function serve(made: Instance): Promise<void> {
  const server = await buildServer(made.app, pino({ level: 'silent' }));
  servers.push(server);
  const name = made.node.self.name;
  server.fastify.addHook('onRequest', (_request, _reply, done) => {
    if (frozen.has(name)) held.push(done);
    else done();
  });
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
    // Reused for a second (each count asks the runners); then the last counts are answered
    // while new ones are made, which the next asks get.
    expect(await dagCounts(standby.app, t0 + DAG_COUNTS_TTL_MS - 1)).toEqual(running);
    const later = t0 + DAG_COUNTS_TTL_MS;
    expect(await dagCounts(standby.app, later)).toEqual(running);
    const suspended = { ...running, running: 1, suspended: 1 };
    await until(
      async () => (await dagCounts(standby.app, later)).suspended === 1,
      'the standby counts a suspended',
    );
    expect(await dagCounts(standby.app, later)).toEqual(suspended);
  });

  it('answers at once with the last counts while a runner does not answer', async () => {
    const zk = new FakeZooKeeper();
    const leader = await instance(zk, 'one', 'primary', ['a']);
    const standby = await instance(zk, 'two', 'primary', [], undefined, leader);
    await serve(leader);
    const members = [leader.node.self, standby.node.self];
    leader.node.drive('leader', undefined, members);
    standby.node.drive('standby', leader.node.self, members);
    await until(() => leader.app.engine.state('a') === 'running', 'the leader runs a');
    const t0 = Date.now();
    expect(await dagCounts(standby.app, t0)).toMatchObject({ total: 1, running: 1 });
    // The leader stops answering: the standby answers with the last counts (it gives up on the
    // leader only after 2 s, and would then count the DAG as its own engine has it: stopped).
    frozen.add('one');
    expect(await dagCounts(standby.app, t0 + DAG_COUNTS_TTL_MS)).toMatchObject({
      total: 1,
      running: 1,
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
