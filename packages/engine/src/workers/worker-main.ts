/**
 * A worker thread of the DAG host: an in-thread DagServer for the DAGs placed here, driven by the
 * host's requests (see protocol.ts). Started through boot.mjs.
 */
import { readdir } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { NodeIssue } from '@flow/shared';
import type { Message } from '../message';
import { HostPolicy } from '../policy/hosts';
import type { FilePosition, PositionKey, PositionStore } from '../pubsub/positions';
import { DagServer } from '../runtime/dag-server';
import type { DagEvent } from '../runtime/events';
import { RemoteBroker } from './mem-bridge';
import type {
  HostRequest,
  HostToWorker,
  WorkerInit,
  WorkerRequest,
  WorkerToHost,
} from './protocol';
import { Rpc } from './rpc';
import { WATCH_DAG, WATCH_NODE, watchedDag } from './watch';

const port = parentPort;
if (!port) throw new Error('worker-main runs in a worker thread');
const init = workerData as WorkerInit;
const send = (frame: WorkerToHost): void => port.postMessage(frame);
const rpc = new Rpc<HostRequest>(send);

/** File positions live in the server's database, in the host thread. */
const positions: PositionStore = {
  load: (key: PositionKey) => rpc.request<FilePosition | undefined>({ op: 'position.load', key }),
  save: (key: PositionKey, position: FilePosition) =>
    rpc.request<undefined>({ op: 'position.save', key, position }).then(() => {}),
};

const broker = new RemoteBroker(send);
const server = new DagServer({
  broker,
  brokerFor: (dag) => broker.forDag(dag),
  baseDir: init.baseDir,
  connections: init.connections,
  hosts: HostPolicy.parse(init.hosts),
  compiledPasses: init.compiledPasses,
  ...(init.fileRoots ? { fileRoots: init.fileRoots } : {}),
  positions,
  ...(init.adapterStopTimeoutMs !== undefined
    ? { adapterStopTimeoutMs: init.adapterStopTimeoutMs }
    : {}),
  watch: init.watch,
});
server.setLease(init.lease);
const slots = new Map<number, string>();

/**
 * What the host's watchdog asks (through the inspector, which answers even while a compute is
 * stuck in an endless loop): the DAG, node and input of the compute in progress.
 */
(globalThis as { __flowComputeInProgress?: () => string }).__flowComputeInProgress = () => {
  const { slot, source } = watchedDag(init.watch[WATCH_DAG] as number);
  const dag = slots.get(slot);
  if (dag === undefined || !server.has(dag)) return JSON.stringify(null);
  const { nodes } = server.runtime(dag);
  const node = nodes[init.watch[WATCH_NODE] as number];
  return JSON.stringify({
    dag,
    node: node?.name,
    input: node?.input,
    source: nodes[source]?.input,
  });
};

let unsubscribe: (() => void) | undefined;
let events: DagEvent[] = [];
const flushEvents = (): void => {
  const batch = events;
  events = [];
  if (batch.length > 0) send({ t: 'events', events: batch });
};

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'add': {
      const config = JSON.parse(req.config) as { name: string };
      slots.set(req.slot, config.name);
      try {
        return server.add(config, { baseDir: req.baseDir, watchSlot: req.slot });
      } catch (error) {
        slots.delete(req.slot);
        throw error;
      }
    }
    case 'update':
      return server.update(JSON.parse(req.config));
    case 'start':
    case 'stop':
    case 'suspend':
    case 'resume':
      await server[req.op](req.name);
      return server.state(req.name);
    case 'delete':
      await server.delete(req.name);
      for (const [slot, name] of slots) if (name === req.name) slots.delete(slot);
      return undefined;
    case 'details':
      return server.details(req.name);
    case 'list':
      return server.list();
    case 'inject':
      return server.inject(req.dag, req.node, req.message as Message);
    case 'record':
      server.record(req.dag, req.node, req.issue as Pick<NodeIssue, 'level' | 'message' | 'input'>);
      return undefined;
    case 'skip':
      server.runtime(req.dag).skipOnce(req.node, JSON.parse(req.message) as Message);
      return undefined;
    case 'connections':
      server.setConnections(req.connections);
      return undefined;
    case 'lease':
      server.setLease(req.buffer ?? undefined);
      return undefined;
    case 'plugins':
      await typeScriptFor(req.folder);
      return server.loadPlugins(req.folder);
    case 'events':
      if (req.on && !unsubscribe)
        unsubscribe = server.subscribe((event) => {
          if (events.length === 0) setImmediate(flushEvents);
          events.push(event);
        });
      else if (!req.on && unsubscribe) {
        unsubscribe();
        unsubscribe = undefined;
      }
      return undefined;
  }
}

port.on('message', (frame: HostToWorker) => {
  switch (frame.t) {
    case 'req':
      void rpc.answer(frame, handle);
      return;
    case 'reply':
      rpc.settle(frame);
      return;
    case 'mem':
      broker.receive(frame);
      return;
  }
});

const stats = setInterval(() => {
  const heap = getHeapStatistics();
  send({
    t: 'stats',
    heapUsed: heap.used_heap_size,
    heapLimit: heap.heap_size_limit,
    states: server.list().map((s) => [s.name, s.state, s.stateReason] as const),
  });
}, init.statsIntervalMs);
stats.unref();

/**
 * Plugins written in TypeScript: the thread inherits the server's `--import tsx`, but in a
 * worker thread tsx compiles imports only once registered there as well (Node 20).
 */
let typeScript = false;
async function typeScriptFor(folder: string): Promise<void> {
  if (typeScript) return;
  const files = await readdir(folder).catch((): string[] => []);
  if (!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) return;
  const tsx = (await import('tsx/esm/api')) as { register: () => unknown };
  tsx.register();
  typeScript = true;
}

for (const folder of init.pluginFolders) {
  await typeScriptFor(folder);
  await server.loadPlugins(folder);
}
send({ t: 'ready' });
