import { describe, expect, it } from 'vitest';
import { socketState } from './socket-state';

describe('socketState (issue 18, bug 9)', () => {
  it('is idle after a close on purpose, whatever was shown before', () => {
    expect(socketState('idle', false, 'open')).toBe('idle');
    expect(socketState('idle', false, 'reconnecting')).toBe('idle');
  });

  it('is open once connected, and connecting on a first open', () => {
    expect(socketState('pending', false, 'reconnecting')).toBe('open');
    expect(socketState('connecting', false, 'idle')).toBe('connecting');
  });

  it('is reconnecting when a socket in use was lost, until it is open again', () => {
    expect(socketState('connecting', true, 'open')).toBe('reconnecting');
    expect(socketState('connecting', false, 'reconnecting')).toBe('reconnecting');
  });
});
