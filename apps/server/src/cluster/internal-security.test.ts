import { connect } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterMember } from '@flow/engine';
import { instance } from '../../test/cluster-instances';
import { FakeZooKeeper } from '../../test/fake-cluster-node';
import type { FenceStore } from '../store/fences';
import { buildServer, type FlowServer } from '../server';
import {
  CALL_BODY_LIMIT,
  CALL_BODY_TIMEOUT_MS,
  INTERNAL_CALL_PATH,
  type ClusterCall,
} from './calls';
import type { Coordinator } from './coordinator';
import { ClusterGate, memberBaseUrl } from './forward';
import { clusterSecret } from './internal';
import { NONCE_HEADER, signCall, SIGNATURE_WINDOW_MS, TIME_HEADER } from './signing';

const servers: FlowServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: RequestInit['redirect'];
}

const member = (url: string): ClusterMember => ({
  id: 'two-id',
  name: 'two',
  url,
  joinedAt: 0,
  seq: 2,
});

/** A server in a cluster (not joined) and a gate whose fetch lands on it, each request kept. */
async function setup(logged: string[] = []) {
  const made = await instance(new FakeZooKeeper(), 'one');
  const server = await buildServer(made.app, pino({ level: 'silent' }));
  servers.push(server);
  await server.fastify.ready();
  const secret = await clusterSecret(made.app.db);
  const sent: Sent[] = [];
  const deliver = async (request: Omit<Sent, 'url'>) => {
    const reply = await server.fastify.inject({
      method: 'POST',
      url: INTERNAL_CALL_PATH,
      headers: request.headers,
      payload: request.body,
    });
    return new Response(reply.body, { status: reply.statusCode });
  };
  const fetchFn = async (url: string | URL | Request, init?: RequestInit) => {
    const request = {
      url: String(url),
      headers: init?.headers as Record<string, string>,
      body: init?.body as string,
      redirect: init?.redirect,
    };
    sent.push(request);
    return deliver(request);
  };
  const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(line) });
  const gate = new ClusterGate(
    {} as unknown as Coordinator,
    secret,
    {} as unknown as FenceStore,
    logger,
    fetchFn as typeof fetch,
  );
  return { secret, sent, deliver, gate, server };
}

const listLocal: ClusterCall = { op: 'listLocal', args: {} };

describe('signed calls between the instances of a cluster', { timeout: 60_000 }, () => {
  it('passes a signed call, never sends the secret, and refuses it replayed, changed, old or signed wrong', async () => {
    const { secret, sent, deliver, gate } = await setup();
    // A generous bound: a loaded machine is no reason to fail here.
    expect(await gate.call(member('http://10.0.0.2:8080/'), listLocal, 50_000)).toEqual([]);
    expect(sent).toHaveLength(1);
    const [first] = sent as [Sent];
    expect(first.url).toBe(`http://10.0.0.2:8080${INTERNAL_CALL_PATH}`);
    expect(first.redirect).toBe('error');
    const wire = JSON.stringify(first.headers) + first.body;
    expect(wire).not.toContain(secret);
    expect(wire.toLowerCase()).not.toContain('authorization');

    // The same request again (a replayed nonce): refused.
    expect((await deliver(first)).status).toBe(401);
    // Another body under the first one's signature (a fresh nonce would not match either).
    const changed = { ...first, body: JSON.stringify({ op: 'dagDetails', args: { name: 'a' } }) };
    expect((await deliver(changed)).status).toBe(401);
    const body = JSON.stringify(listLocal);
    const refused = async (headers: Record<string, string>) => {
      const reply = await deliver({ headers, body, redirect: undefined });
      expect(reply.status).toBe(401);
      expect(await reply.json()).toEqual({ error: 'unauthorized' });
    };
    const json = { 'content-type': 'application/json' };
    // Too old, too far ahead, another secret, no signature.
    await refused({ ...json, ...signCall(secret, body, Date.now() - SIGNATURE_WINDOW_MS - 2000) });
    await refused({ ...json, ...signCall(secret, body, Date.now() + SIGNATURE_WINDOW_MS + 2000) });
    await refused({ ...json, ...signCall(`${secret}x`, body) });
    // A time other than the one signed (one ms earlier: Date.now() itself may have moved by one).
    const signed = signCall(secret, body);
    await refused({ ...json, ...signed, [TIME_HEADER]: String(Number(signed[TIME_HEADER]) - 1) });
    await refused({ ...json, ...signCall(secret, body), [NONCE_HEADER]: 'x'.repeat(24) });
    await refused(json);
    // A fresh signature passes (within the window, a little skew is fine).
    const ok = await deliver({
      headers: { ...json, ...signCall(secret, body, Date.now() - 5000) },
      body,
      redirect: undefined,
    });
    expect(ok.status).toBe(200);
  });

  it('re-checks a forwarded test message as the API does, and bounds the body', async () => {
    const { secret, deliver } = await setup();
    const json = { 'content-type': 'application/json' };
    const signed = (body: string) =>
      deliver({ headers: { ...json, ...signCall(secret, body) }, body, redirect: undefined });
    const publish = (message: string) =>
      `{"op":"publish","args":{"dag":"a","node":"n","actor":"alice","message":${message}}}`;
    const problems = async (message: string) => {
      const reply = await signed(publish(message));
      expect(reply.status).toBe(400);
      const answer = (await reply.json()) as { error: { problems: { path: string }[] } };
      return answer.error.problems;
    };
    expect(await problems('{"__proto__":{"admin":true}}')).toEqual([
      expect.objectContaining({ path: '$.message.__proto__' }),
    ]);
    expect(await problems(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)).toEqual([
      expect.objectContaining({ code: 'too_deep' }),
    ]);
    expect(await problems('{"a":"x\\u0000y"}')).toEqual([
      expect.objectContaining({ code: 'invalid_character' }),
    ]);
    expect(await problems('[1]')).toEqual([expect.objectContaining({ code: 'invalid_type' })]);
    // A name the API would refuse is no operation of the list.
    const badName = publish('{}').replace('"dag":"a"', '"dag":"a/../b"');
    expect((await signed(badName)).status).toBe(404);
    // Past the limit: refused before it reaches the handler, signed or not.
    const huge = publish(`{"a":"${'x'.repeat(CALL_BODY_LIMIT)}"}`);
    expect((await signed(huge)).status).toBe(413);
    expect((await deliver({ headers: json, body: huge, redirect: undefined })).status).toBe(401);
    // Not JSON: no parser (415) once signed.
    const text = await deliver({
      headers: { 'content-type': 'text/plain', ...signCall(secret, 'hi') },
      body: 'hi',
      redirect: undefined,
    });
    expect(text.status).toBe(415);
  });

  it('calls only the http(s) URLs members advertise, logging the others', async () => {
    const logged: string[] = [];
    const { sent, gate } = await setup(logged);
    for (const url of [
      'file:///etc/passwd',
      'ftp://10.0.0.2/',
      'javascript:alert(1)',
      'http://user:pass@10.0.0.2:8080',
      'http://10.0.0.2:8080/?to=elsewhere',
      'not a url',
    ]) {
      const error = await gate.call(member(url), listLocal).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message:
          'instance two, which runs it, advertises an unusable URL (not a plain http:// or https:// URL)',
      });
    }
    expect(sent).toEqual([]);
    expect(logged).toHaveLength(6);
    expect(logged[0]).toContain('advertises a URL that is not a plain http(s) URL');
    expect(memberBaseUrl('https://flow.example.com/api/')).toBe('https://flow.example.com/api');
  });

  it('cuts off a call whose body comes too slowly', async () => {
    const { secret, server } = await setup();
    await server.fastify.listen({ port: 0, host: '127.0.0.1' });
    const address = server.fastify.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Plausible headers (a fresh time, a nonce, a signature of the right shape), then a trickle.
    const headers = { 'content-type': 'application/json', ...signCall(secret, 'not sent') };
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST ${INTERNAL_CALL_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 1000\r\n${Object.entries(
        headers,
      )
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n{"op":`,
    );
    const trickle = setInterval(() => socket.write(' '), 500);
    try {
      const bound = new Promise<string>((resolve) =>
        setTimeout(() => resolve('still open'), CALL_BODY_TIMEOUT_MS + 10_000),
      );
      expect(await Promise.race([closed.then(() => 'closed'), bound])).toBe('closed');
      expect(received).toBe('');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  it('takes from another instance the summaries of the DAGs it runs only, as the schema says', async () => {
    const summary = (name: string) => ({
      name,
      state: 'running',
      window: null,
      propagate: 'every',
      nodeCount: 1,
      rate: 0,
      errorCount: 0,
    });
    const one = member('http://10.0.0.2:8080');
    const two = { ...member('http://10.0.0.3:8080'), id: 'three-id', name: 'three' };
    const answers: Record<string, unknown> = {
      // It runs a, and says it runs b (another's) and c (nobody's) too.
      'http://10.0.0.2:8080': [summary('a'), { ...summary('b'), state: 'failed' }, summary('c')],
      'http://10.0.0.3:8080': null,
    };
    const fetchFn = async (url: string | URL | Request) => {
      const value = answers[new URL(String(url)).origin];
      return new Response(JSON.stringify({ value }), { status: 200 });
    };
    const runners: Record<string, ClusterMember> = { a: one, b: two };
    const coordinator = {
      node: { self: { id: 'self-id' } },
      runnerOf: (dag: string) => runners[dag],
    } as unknown as Coordinator;
    const gate = new ClusterGate(
      coordinator,
      'secret',
      {} as unknown as FenceStore,
      pino({ level: 'silent' }),
      fetchFn as typeof fetch,
    );
    const got = await gate.remoteSummaries(['a', 'b', 'c']);
    expect([...got.keys()]).toEqual(['a']);
  });
});
