import { describe, expect, it } from 'vitest';
import { redactSecrets, restoreSecrets } from './redact';

describe('credentials in configs', () => {
  const config = {
    name: 'x',
    subscribers: [
      {
        name: 'in',
        config: {
          source: 'redis://list/a',
          url: 'redis://user:s3cret@host:6379',
          password: 'p4ss',
        },
      },
    ],
    publishers: [
      {
        name: 'out',
        config: { destination: 'kafka://topic/t', sasl: { username: 'u', password: 'k' } },
      },
    ],
  };

  it('replaces passwords, secrets and URL credentials by ***', () => {
    const redacted = redactSecrets(config);
    expect(JSON.stringify(redacted)).not.toMatch(/s3cret|p4ss|"k"/);
    expect(redacted.subscribers[0]?.config.url).toBe('redis://user:***@host:6379');
    expect(redacted.subscribers[0]?.config.password).toBe('***');
    expect(redacted.publishers[0]?.config.sasl).toBe('***');
    expect(config.subscribers[0]?.config.password).toBe('p4ss');
  });

  it.each([
    ['redis://:pw-only@h:6379', 'pw-only'],
    ['redis://u:with/slash@h:6379', 'with/slash'],
    ['redis://u:with@at@h:6379', 'with@at'],
    ['redis://h:6379?password=in-query', 'in-query'],
    ['stomp://h:61613?pass=in-pass', 'in-pass'],
    ['redis://h?token=in-token&db=0', 'in-token'],
    ['redis://h?secret=in-secret', 'in-secret'],
  ])('redacts %s', (url, secret) => {
    const redacted = redactSecrets({ subscribers: [{ name: 'a', config: { url } }] });
    expect(JSON.stringify(redacted)).not.toContain(secret);
    expect(JSON.stringify(redacted)).toContain('***');
  });

  it('redacts and restores a config nested 2,000 levels without overflowing the stack', () => {
    let deep: Record<string, unknown> = { password: 'bottom', url: 'redis://:deep@h:1' };
    for (let i = 0; i < 2000; i++) deep = { next: deep };
    const stored = { name: 'd', subscribers: [{ name: 's', config: { options: deep } }] };
    const redacted = redactSecrets(stored);
    expect(JSON.stringify(redacted)).not.toMatch(/bottom|deep@/);
    const restored = restoreSecrets(redacted, stored);
    expect(restored.problems).toEqual([]);
    expect(JSON.stringify(restored.config)).toBe(JSON.stringify(stored));
  });

  it('keeps __proto__ keys as data', () => {
    const value = JSON.parse('{"a":{"__proto__":{"token":"t"}}}') as unknown;
    const redacted = redactSecrets(value);
    expect(JSON.stringify(redacted)).toBe('{"a":{"__proto__":{"token":"***"}}}');
  });

  it('puts the stored credentials back into a redacted config coming back', () => {
    const edited = { ...redactSecrets(config), description: 'edited' };
    const restored = restoreSecrets(edited, config);
    expect(restored.problems).toEqual([]);
    expect(restored.config).toEqual({ ...config, description: 'edited' });
  });

  it('keeps a credential the user changed', () => {
    const edited = redactSecrets(config);
    edited.subscribers[0]!.config.password = 'new-password';
    const restored = restoreSecrets(edited, config).config as typeof config;
    expect(restored.subscribers[0]?.config.password).toBe('new-password');
  });

  it('restores by component name, not by place in the array', () => {
    const two = {
      ...config,
      subscribers: [
        { name: 'other', config: { source: 'redis://list/b', url: 'redis://u:other@o:1' } },
        ...config.subscribers,
      ],
    };
    const edited = redactSecrets(two);
    edited.subscribers.reverse();
    const restored = restoreSecrets(edited, two);
    expect(restored.problems).toEqual([]);
    const subs = (restored.config as typeof two).subscribers;
    expect(subs.map((s) => s.config.url)).toEqual([
      'redis://user:s3cret@host:6379',
      'redis://u:other@o:1',
    ]);
  });

  it.each([
    ['the port', 'redis://user:***@host:6380'],
    ['the host', 'redis://user:***@evil:6379'],
    ['the user', 'redis://admin:***@host:6379'],
    ['the scheme', 'rediss://user:***@host:6379'],
  ])('never restores a credential after %s changed', (_what, url) => {
    const edited = redactSecrets(config);
    edited.subscribers[0]!.config.url = url;
    const restored = restoreSecrets(edited, config);
    expect(JSON.stringify(restored.config)).not.toMatch(/s3cret|p4ss/);
    expect(restored.problems.map((p) => p.path)).toEqual([
      '$.subscribers[0].config.password',
      '$.subscribers[0].config.url',
    ]);
  });

  it('never restores a credential after the connection name or brokers changed', () => {
    const stored = {
      name: 'k',
      publishers: [
        {
          name: 'out',
          config: { destination: 'kafka://topic/t', brokers: ['a:9092'], sasl: { password: 'k' } },
        },
      ],
    };
    const edited = redactSecrets(stored);
    edited.publishers[0]!.config.brokers = ['b:9092'];
    const restored = restoreSecrets(edited, stored);
    expect(JSON.stringify(restored.config)).not.toContain('"password"');
    expect(restored.problems.map((p) => p.path)).toEqual(['$.publishers[0].config.sasl']);
  });

  it('a *** in a new component is a problem at its path', () => {
    const edited = redactSecrets(config);
    edited.subscribers[0]!.name = 'renamed';
    const restored = restoreSecrets(edited, config);
    expect(restored.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'invalid_value $.subscribers[0].config.password',
      'invalid_value $.subscribers[0].config.url',
    ]);
  });
});
