import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  collect,
  ComponentRegistry,
  DagServer,
  defineCalculator,
  type DagServerOptions,
  type Message,
} from '../src/index';

/** Loads a DAG fixture from test/fixtures. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Waits until the DAG has nothing queued or awaiting acknowledgement. */
export async function idle(server: DagServer, dag: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const runtime = server.runtime(dag);
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (runtime.isIdle()) return;
    if (Date.now() > deadline)
      throw new Error(`DAG ${dag} did not become idle within ${timeoutMs} ms`);
  }
}

/** Waits (polling every 10 ms) until `condition` holds; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A server with a DAG added from a fixture (or config) and a collector on its output. */
export function setup(
  config: Record<string, unknown>,
  out = 'mem://queue/out',
  options: DagServerOptions = {},
) {
  const server = new DagServer(options);
  const summary = server.add(config);
  const output = collect(server.broker, out);
  const push = (message: Message, queue = 'in') => server.broker.queue(queue).push(message);
  return { server, name: summary.name, output: output.messages, push };
}

/** A fixture with some fields replaced. */
export function variant(name: string, changes: Record<string, unknown>): Record<string, unknown> {
  return { ...fixture(name), ...changes };
}

/** A registry with a calculator that throws on `{ boom: true }` and passes other input through. */
export function explosiveRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  registry.register(
    defineCalculator({
      type: 'ExplodeCalculator',
      description: 'throws on boom',
      configSchema: z.strictObject({}),
      create: () => ({
        compute(input: Message) {
          if (input.boom) throw new Error(`boom on message ${String(input.id)}`);
          return input;
        },
      }),
    }),
  );
  return registry;
}
