import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('the server log', () => {
  it('never carries a URL password from an error, nor credentials under known keys', () => {
    const { lines, logger } = capture();
    logger.error(
      { err: new Error('connect to redis://app:s3cr%2Ft@127.0.0.1:6379 failed') },
      'adapter failed',
    );
    logger.info({ settings: { password: 'p4ss', token: 't0k', url: 'x' } }, 'settings');
    const text = lines.join('');
    expect(text).toContain('adapter failed');
    expect(text).toContain('127.0.0.1:6379');
    expect(text).not.toMatch(/s3cr|p4ss|t0k/);
  });
});
