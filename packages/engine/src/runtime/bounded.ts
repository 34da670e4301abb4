/** How long an adapter's start or stop may take before the runtime goes on without it. */
export const ADAPTER_STOP_TIMEOUT_MS = 5000;

export { settlesWithin } from '../pubsub/retry';
