export * from './errors';
export * from './message';
export * from './clock';
export * from './ring-buffer';
export * from './components/definitions';
export * from './components/registry';
export * from './components/plugins';
export { calculators } from './calculators';
export { transformers } from './transformers';
export * from './pubsub/types';
export * from './pubsub/memory-broker';
export { filePath } from './pubsub/file';
export * from './runtime/events';
export * from './runtime/runtime-node';
export * from './runtime/details';
export * from './runtime/dag-runtime';
export * from './runtime/dag-server';
export * from './runtime/collect';
export * from './policy/file-roots';
export * from './pubsub/positions';
export { ADAPTER_STOP_TIMEOUT_MS } from './runtime/bounded';
export * from './policy/hosts';
export * from './runtime/dag-engine';
export {
  newLeaseBuffer,
  leaseValidUntil,
  monotonicNow,
  RunLease,
  FENCED_MESSAGE,
} from './runtime/lease';
export { WorkerDagServer, type WorkerDagServerOptions } from './workers/worker-dag-server';
export * from './cluster/types';
export { createClusterNode } from './cluster/node';
export { place } from './cluster/ownership';
export { ClusterUnavailableError } from './cluster/zk';
