import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from './env';

const noFile = () => {
  throw new Error('no file expected');
};

describe('settings', () => {
  it('applies the documented defaults', () => {
    const settings = readSettings({}, noFile);
    expect(settings).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      SESSION_TTL_HOURS: 12,
      LOG_LEVEL: 'info',
    });
    expect(settings.DATA_DIR).toMatch(/\.data$/);
    expect(settings.connections).toEqual({ kafka: {}, redis: {}, stomp: {}, sql: {} });
  });

  it('refuses bad values, naming every bad variable at once', () => {
    let error: unknown;
    try {
      readSettings({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short' }, noFile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(message).toContain('ADMIN_PASSWORD: must be at least 8 characters');
  });

  it('reads named connections from JSON and checks them', () => {
    const settings = readSettings(
      { FLOW_CONNECTIONS: '{"kafka":{"default":{"brokers":["127.0.0.1:9092"]}}}' },
      noFile,
    );
    expect(settings.connections.kafka.default).toEqual({ brokers: ['127.0.0.1:9092'], ssl: false });
    expect(() => readSettings({ FLOW_CONNECTIONS: '{"kafka":{"default":{}}}' }, noFile)).toThrow(
      /FLOW_CONNECTIONS\.kafka\.default\.brokers/,
    );
    expect(() => readSettings({ FLOW_CONNECTIONS: '{not json' }, noFile)).toThrow(/not valid JSON/);
    const fromFile = readSettings(
      { FLOW_CONNECTIONS_FILE: '/etc/flow.json' },
      () => '{"redis":{"default":{"url":"redis://x"}}}',
    );
    expect(fromFile.connections.redis.default).toEqual({ url: 'redis://x' });
  });

  it('reads the security settings', () => {
    expect(readSettings({}, noFile)).toMatchObject({
      COOKIE_SECURE: 'auto',
      TRUST_PROXY: false,
      MAX_SUBSCRIPTIONS_PER_SESSION: 20,
      SHUTDOWN_GRACE_MS: 10_000,
    });
    expect(readSettings({ TRUST_PROXY: 'true' }, noFile).TRUST_PROXY).toBe(true);
    expect(readSettings({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }, noFile).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(() => readSettings({ COOKIE_SECURE: 'yes' }, noFile)).toThrow(/COOKIE_SECURE/);
    expect(() => readSettings({ METRICS_TOKEN: 'short' }, noFile)).toThrow(/METRICS_TOKEN/);
  });
});
