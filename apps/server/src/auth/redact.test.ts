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

  it('puts the stored credentials back into a redacted config coming back', () => {
    const edited = { ...redactSecrets(config), description: 'edited' };
    expect(restoreSecrets(edited, config)).toEqual({ ...config, description: 'edited' });
  });

  it('keeps a credential the user changed', () => {
    const edited = redactSecrets(config);
    edited.subscribers[0]!.config.password = 'new-password';
    const restored = restoreSecrets(edited, config) as typeof config;
    expect(restored.subscribers[0]?.config.password).toBe('new-password');
  });
});
