import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, urlIdentity } from './secrets';

describe('redactUrl', () => {
  it.each([
    ['redis://:pw@host:6379', 'redis://:***@host:6379'],
    ['redis://user:s3cret@host:6379/0', 'redis://user:***@host:6379/0'],
    ['redis://user:a/b@host:6379', 'redis://user:***@host:6379'],
    ['redis://user:p@ss@host:6379', 'redis://user:***@host:6379'],
    ['redis://user:12/x@y@host:6379/2', 'redis://user:***@host:6379/2'],
    ['postgres://u:pw#1@db:5432/x', 'postgres://u:***@db:5432/x'],
    ['redis://host:6379?password=pw', 'redis://host:6379?password=***'],
    ['stomp://host?user=u&pass=pw&x=1', 'stomp://host?user=u&pass=***&x=1'],
    ['http://h/p?token=t&secret=s', 'http://h/p?token=***&secret=***'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves URLs without credentials as they are, byte for byte', () => {
    for (const url of ['redis://list/a', 'kafka://topic/t', 'redis://user@host', 'file:///x y'])
      expect(redactUrl(url)).toBe(url);
  });
});

describe('redactText', () => {
  it('redacts every URL inside a message', () => {
    const text = 'connect to "redis://:pw1@a:1" failed, then stomp://u:pw2@b:2/ (retrying)';
    const out = redactText(text);
    expect(out).not.toMatch(/pw1|pw2/);
    expect(out).toContain('redis://:***@a:1');
  });
});

describe('urlIdentity', () => {
  it('is scheme, user, host and port, not the password', () => {
    expect(urlIdentity('redis://u:x@h:1/0')).toBe(urlIdentity('redis://u:***@h:1/5'));
    expect(urlIdentity('redis://u:x@h:1')).not.toBe(urlIdentity('redis://u:x@h:2'));
    expect(urlIdentity('redis://u:x@h:1')).not.toBe(urlIdentity('redis://v:x@h:1'));
    expect(urlIdentity('redis://u:x@h:1')).not.toBe(urlIdentity('rediss://u:x@h:1'));
    expect(urlIdentity('redis://u:a/b@h:1')).toBe('redis://u@h:1');
  });
});
