import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DagServer, WorkerDagServer, collect } from '../src/index';
import { HostPolicy } from '../src/policy/hosts';
import { until } from './helpers';

/** A DAG whose one source node reads `all`, a fanin over `a` and `b`, and publishes what it gets. */
function faninDag(a: string, b: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'fan',
    subscribers: [
      { name: 'a', config: { source: a } },
      { name: 'b', config: { source: b } },
      { name: 'all', config: { source: 'fanin://a,b', ...extra } },
    ],
    publishers: [{ name: 'out', config: { destination: 'mem://queue/fan_out' } }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'all' } },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [{ from: 'src', to: 'sink' }],
  };
}

describe('fanin://', () => {
  it('delivers what each source gets into one node, in the order it arrives', async () => {
    const server = new DagServer();
    server.add(faninDag('mem://queue/fan_a', 'mem://queue/fan_b'));
    const out = collect(server.broker, 'mem://queue/fan_out');
    await server.start('fan');
    server.broker.queue('fan_a').push({ from: 'a', n: 1 });
    server.broker.queue('fan_b').push({ from: 'b', n: 2 });
    server.broker.queue('fan_a').push({ from: 'a', n: 3 });
    await until(() => out.messages.length === 3);
    expect(out.messages).toEqual([
      { from: 'a', n: 1 },
      { from: 'b', n: 2 },
      { from: 'a', n: 3 },
    ]);
    expect(server.details('fan').nodes[0]?.connection?.state).toBe('connected');
    await server.stop('fan');
  });

  it('pauses its sources while the DAG is suspended and loses nothing', async () => {
    const server = new DagServer();
    server.add(faninDag('mem://queue/fan_p', 'mem://queue/fan_q', { max_depth: 4 }));
    const out = collect(server.broker, 'mem://queue/fan_out');
    await server.start('fan');
    await server.suspend('fan');
    for (let i = 0; i < 20; i++) server.broker.queue(i % 2 ? 'fan_p' : 'fan_q').push({ i });
    await new Promise((r) => setTimeout(r, 100));
    expect(out.messages).toEqual([]);
    // The sources hold what came while the DAG was suspended.
    expect(server.broker.queue('fan_p').depth + server.broker.queue('fan_q').depth).toBe(20);
    await server.resume('fan');
    await until(() => out.messages.length === 20);
    expect(out.messages.map((m) => m.i).sort((x, y) => Number(x) - Number(y))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    await server.stop('fan');
  });

  it('shows a source that cannot connect by its URI, while the other one delivers', async () => {
    const server = new DagServer({
      connections: { stomp: { default: { url: 'stomp://u:p@127.0.0.1:1' } } },
    });
    server.add(faninDag('stomp://queue/fan_down', 'mem://queue/fan_up'));
    const out = collect(server.broker, 'mem://queue/fan_out');
    await server.start('fan');
    server.broker.queue('fan_up').push({ up: true });
    await until(() => out.messages.length === 1);
    const node = () => server.details('fan').nodes[0];
    await until(() => node()?.connection?.state === 'reconnecting');
    expect(node()?.connection?.error).toMatch(/^stomp:\/\/queue\/fan_down: /);
    expect(node()?.errors.some((e) => e.message.includes('stomp://queue/fan_down'))).toBe(true);
    await server.stop('fan');
  });

  it('connects its sources under ALLOWED_HOSTS as if each were alone', async () => {
    const server = new DagServer({
      hosts: HostPolicy.parse('127.0.0.1:1'),
      connections: { stomp: { default: { url: 'stomp://u:p@127.0.0.1:61613' } } },
    });
    server.add(faninDag('stomp://queue/fan_hosts', 'mem://queue/fan_hosts_mem'));
    await server.start('fan');
    const node = () => server.details('fan').nodes[0];
    await until(() => node()?.connection?.error?.includes('is not in ALLOWED_HOSTS') ?? false);
    expect(node()?.connection?.error).toMatch(
      /^stomp:\/\/queue\/fan_hosts: .*127\.0\.0\.1:61613 is not in ALLOWED_HOSTS/,
    );
    await server.stop('fan');
  });

  it('takes test messages into its first source', async () => {
    const server = new DagServer();
    server.add(faninDag('mem://queue/fan_t', 'mem://queue/fan_u'));
    const out = collect(server.broker, 'mem://queue/fan_out');
    await server.start('fan');
    await server.inject('fan', 'src', { test: true });
    await until(() => out.messages.length === 1);
    expect(out.messages).toEqual([{ test: true }]);
    await server.stop('fan');
  });

  it("checks each source as if written alone: a file outside the server's roots is refused", () => {
    const root = mkdtempSync(join(tmpdir(), 'fanin-roots-'));
    const server = new DagServer({ baseDir: root, fileRoots: [{ path: root, name: 'ROOT' }] });
    const config = faninDag(`file://${join(root, 'in.jsonl')}`, 'file:///etc/passwd');
    expect(() => server.add(config)).toThrow(ConfigError);
    expect(server.problems(config).map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[1].config.source', 'path_not_allowed'],
    ]);
  });

  it('runs an original-format file whose fanin reads two in-memory queues', async () => {
    const server = new DagServer();
    server.add({
      name: 'orig_fan',
      subscribers: [
        { name: 'trades', config: { source: 'inmemory://trades_queue' } },
        { name: 'quotes', config: { source: 'mem://quotes_queue', max_size: 100 } },
        { name: 'merged', config: { source: 'fanin://trades, quotes' } },
      ],
      publishers: [{ name: 'out', config: { destination: 'mem://queue/orig_fan_out' } }],
      nodes: [
        { name: 'in', type: 'SubscriptionNode', subscriber: 'merged', config: {} },
        { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
      ],
      edges: [{ from_node: 'in', to_node: 'sink' }],
    });
    const out = collect(server.broker, 'mem://queue/orig_fan_out');
    await server.start('orig_fan');
    server.broker.queue('quotes_queue').push({ quote: 1 });
    server.broker.queue('trades_queue').push({ trade: 2 });
    await until(() => out.messages.length === 2);
    expect(out.messages).toEqual([{ quote: 1 }, { trade: 2 }]);
    await server.stop('orig_fan');
  });

  it('runs in a worker thread as in the calling one', async () => {
    const server = new WorkerDagServer({ workers: 1 });
    try {
      await server.add(faninDag('mem://queue/fan_w1', 'mem://queue/fan_w2'));
      const out = collect(server.broker, 'mem://queue/fan_out');
      await server.start('fan');
      server.broker.queue('fan_w2').push({ n: 1 });
      server.broker.queue('fan_w1').push({ n: 2 });
      await until(() => out.messages.length === 2, 10_000);
      expect(out.messages).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await server.close();
    }
  });
});
