import { describe, expect, it } from 'vitest';
import { CallVerifier, signCall, SIGNATURE_WINDOW_MS } from './signing';

describe('the verifier of signed calls', () => {
  it('remembers nonces for the window only, and at most so many', () => {
    let now = 1_000_000;
    const verifier = new CallVerifier('s3cret', () => now, 3);
    const body = '{"op":"listLocal","args":{}}';
    const first = signCall('s3cret', body, now);
    expect(verifier.verify(first, body)).toBe(true);
    expect(verifier.verify(first, body)).toBe(false);
    expect(verifier.verify(signCall('s3cret', body, now), body)).toBe(true);
    expect(verifier.verify(signCall('s3cret', body, now), body)).toBe(true);
    // Full (3 nonces within the window): a good call waits rather than growing the cache.
    expect(verifier.verify(signCall('s3cret', body, now), body)).toBe(false);
    // Once they are out of the window they are forgotten, and their replays refused by time.
    now += SIGNATURE_WINDOW_MS + 1;
    expect(verifier.verify(first, body)).toBe(false);
    for (let i = 0; i < 3; i++)
      expect(verifier.verify(signCall('s3cret', body, now), body)).toBe(true);
  });

  it('signs the time, the nonce and the body', () => {
    const headers = signCall('k', 'body', 1234, 'n'.repeat(24));
    expect(headers).toEqual({
      'x-flow-cluster-time': '1234',
      'x-flow-cluster-nonce': 'n'.repeat(24),
      'x-flow-cluster-signature': expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(signCall('k', 'body', 1234, 'n'.repeat(24))).toEqual(headers);
    expect(signCall('k', 'body!', 1234, 'n'.repeat(24))).not.toEqual(headers);
    expect(signCall('k2', 'body', 1234, 'n'.repeat(24))).not.toEqual(headers);
  });
});
