export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting';

/**
 * The header's socket state from the tRPC client's: `pending` is open, `idle` is closed on
 * purpose; `connecting` after an error, or while a lost socket is being opened again, is
 * reconnecting.
 */
export function socketState(
  client: 'idle' | 'connecting' | 'pending',
  failed: boolean,
  shown: SocketState,
): SocketState {
  if (client === 'pending') return 'open';
  if (client === 'idle') return 'idle';
  return failed || shown === 'reconnecting' ? 'reconnecting' : 'connecting';
}
