import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '@flow/engine';
import { instance, until, type Instance } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import { buildServer, type FlowServer } from '../server';
import { INTERNAL_CALL_PATH } from './calls';
import { clusterSecret } from './internal';
import { signCall } from './signing';

const servers: FlowServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Its HTTP server listening on 127.0.0.1, its node advertising that URL. */
async function serve(made: Instance): Promise<string> {
  const server = await buildServer(made.app, pino({ level: 'silent' }));
  servers.push(server);
  await server.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = server.fastify.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  made.node.self = { ...made.node.self, url };
  return url;
}

describe('calls between the instances of a cluster', { timeout: 60_000 }, () => {
  it('refuses a call not signed with the secret and any operation off the list, saying nothing more', async () => {
    const zk = new FakeZooKeeper();
    const made = await instance(zk, 'one');
    const server = await buildServer(made.app, pino({ level: 'silent' }));
    servers.push(server);
    const secret = await clusterSecret(made.app.db);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const call = (signedWith: string | undefined, body: unknown) => {
      const payload = JSON.stringify(body);
      return server.fastify.inject({
        method: 'POST',
        url: INTERNAL_CALL_PATH,
        headers: {
          'content-type': 'application/json',
          ...(signedWith === undefined ? {} : signCall(signedWith, payload)),
        },
        payload,
      });
    };
    const listLocal = { op: 'listLocal', args: {} };
    for (const wrong of [undefined, `${secret.slice(1)}x`, `${secret}x`, '']) {
      const reply = await call(wrong, listLocal);
      expect(reply.statusCode).toBe(401);
      expect(reply.json()).toEqual({ error: 'unauthorized' });
    }
    // The old bearer token is no way in.
    const bearer = await server.fastify.inject({
      method: 'POST',
      url: INTERNAL_CALL_PATH,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      payload: JSON.stringify(listLocal),
    });
    expect(bearer.statusCode).toBe(401);
    for (const bad of [
      { op: 'saveDag', args: { config: {} } },
      { op: 'setState', args: { name: 'a', action: 'delete', actor: 'x' } },
      { op: 'listLocal', args: { role: 'admin' } },
      { op: 'dagDetails', args: { name: '../a' } },
      'listLocal',
    ]) {
      const reply = await call(secret, bad);
      expect(reply.statusCode).toBe(404);
      expect(reply.json()).toEqual({ error: 'not found' });
    }
    const ok = await call(secret, listLocal);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ value: [] });
    // Joined, but it does not run DAG a: a forwarded operation is "moved", a 503 (never forwarded on).
    made.node.drive('standby', { ...made.node.self, id: 'two-id', name: 'two' });
    const moved = await call(secret, {
      op: 'setState',
      args: { name: 'a', action: 'stop', actor: 'admin' },
    });
    expect(moved.statusCode).toBe(503);
    expect(moved.json().error.message).toMatch(/^moved: this instance does not run DAG "a"/);
  });

  it('forwards DAG operations from a standby to the leader, errors and all', async () => {
    const zk = new FakeZooKeeper();
    const secret = randomBytes(32).toString('base64url');
    const leader = await instance(zk, 'one', 'primary', ['a'], secret);
    const standby = await instance(zk, 'two', 'primary', ['a'], secret);
    await serve(leader);
    await serve(standby);
    // No leader known yet: a clear 503.
    standby.node.drive('standby', undefined);
    await expect(standby.app.setState('a', 'suspend', 'alice')).rejects.toThrow(
      /no instance runs DAG "a" right now \(the cluster is electing a leader\): try again in a few seconds/,
    );
    const members = [leader.node.self, standby.node.self];
    leader.node.drive('leader', undefined, members);
    standby.node.drive('standby', leader.node.self, members);
    await until(() => leader.app.engine.state('a') === 'running', 'the leader runs a');

    expect(await standby.app.setState('a', 'suspend', 'alice')).toBe('suspended');
    expect(leader.app.engine.state('a')).toBe('suspended');
    expect(standby.app.engine.state('a')).toBe('stopped');
    const [entry] = await leader.app.audit.list(1);
    expect(entry).toMatchObject({ actor: 'alice', action: 'dag.suspend', dag: 'a' });
    // The details (and the list) come from the runner.
    expect((await standby.app.dagDetails('a')).state).toBe('suspended');
    expect((await standby.app.listDags()).find((d) => d.name === 'a')?.state).toBe('suspended');
    // The runner's errors come back as the same errors.
    const missing = await standby.app.startDag('a', 99, 'alice').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe('DAG "a" has no version 99');
  });
});
