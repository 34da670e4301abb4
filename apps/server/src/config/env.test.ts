import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { advertiseUrlOf, fileRootsOf, readSettings, SettingsError } from './env';

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

  it('binds file: URIs to DAG_CONFIG_FOLDER and DATA_DIR/files, or to FILE_ROOTS, shown by name', () => {
    expect(
      fileRootsOf(readSettings({ DATA_DIR: '/srv/flow', DAG_CONFIG_FOLDER: '/srv/dags' }, noFile)),
    ).toEqual([
      { path: '/srv/dags', name: 'DAG_CONFIG_FOLDER' },
      { path: '/srv/flow/files', name: 'DATA_DIR/files' },
    ]);
    expect(fileRootsOf(readSettings({ DATA_DIR: '/srv/flow' }, noFile))).toEqual([
      { path: '/srv/flow/files', name: 'DATA_DIR/files' },
    ]);
    const settings = readSettings(
      { FILE_ROOTS: '/a:/b/c', ADAPTER_STOP_TIMEOUT_MS: '800' },
      noFile,
    );
    expect(fileRootsOf(settings)).toEqual([
      { path: '/a', name: 'FILE_ROOTS[0]' },
      { path: '/b/c', name: 'FILE_ROOTS[1]' },
    ]);
    expect(settings.ADAPTER_STOP_TIMEOUT_MS).toBe(800);
    expect(readSettings({}, noFile).ADAPTER_STOP_TIMEOUT_MS).toBe(5000);
  });

  it('reads ALLOWED_HOSTS, naming each bad entry', () => {
    expect(readSettings({}, noFile).hosts.restricted).toBe(false);
    expect(
      readSettings({ ALLOWED_HOSTS: '127.0.0.1:16379, ::1/128' }, noFile).hosts.restricted,
    ).toBe(true);
    expect(() => readSettings({ ALLOWED_HOSTS: 'ok.host, bad host, 10.0.0.0/99' }, noFile)).toThrow(
      /ALLOWED_HOSTS: .*bad host, 10\.0\.0\.0\/99/,
    );
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

  it('reads the cluster settings, and a cluster needs the shared PostgreSQL', () => {
    const pg = 'postgres://flow@127.0.0.1/flow';
    expect(readSettings({}, noFile)).toMatchObject({
      ZOOKEEPER_ROOT: '/flow',
      ZOOKEEPER_SESSION_TIMEOUT_MS: 10_000,
      CLUSTER_MODE: 'primary',
    });
    expect(() => readSettings({ ZOOKEEPER_HOSTS: '127.0.0.1:2181' }, noFile)).toThrow(
      /ZOOKEEPER_HOSTS is set but DATABASE_URL is not: the instances of a cluster share one PostgreSQL/,
    );
    const settings = readSettings(
      { ZOOKEEPER_HOSTS: '127.0.0.1:2181', DATABASE_URL: pg, CLUSTER_MODE: 'partitioned' },
      noFile,
    );
    expect(settings.CLUSTER_MODE).toBe('partitioned');
    for (const hosts of ['zk1:2181,zk2:2181,zk-3.example.com:2181/flow/a', 'zk1'])
      expect(readSettings({ ZOOKEEPER_HOSTS: hosts, DATABASE_URL: pg }, noFile)).toMatchObject({
        ZOOKEEPER_HOSTS: hosts,
      });
    expect(advertiseUrlOf({ ...settings, HOST: '127.0.0.1', PORT: 3001 })).toBe(
      'http://127.0.0.1:3001',
    );
    expect(advertiseUrlOf({ ...settings, HOST: '0.0.0.0', PORT: 3001 })).toBe(
      `http://${hostname()}:3001`,
    );
    expect(
      advertiseUrlOf({ ...settings, CLUSTER_ADVERTISE_URL: 'https://flow-2.example.com/' }),
    ).toBe('https://flow-2.example.com');
    for (const [name, value] of [
      ['ZOOKEEPER_ROOT', 'flow'],
      ['ZOOKEEPER_SESSION_TIMEOUT_MS', '500'],
      ['CLUSTER_MODE', 'sharded'],
      ['CLUSTER_ADVERTISE_URL', 'ftp://x'],
      // No credentials where server.status shows them (to admins) and ZooKeeper stores them.
      ['CLUSTER_ADVERTISE_URL', 'http://admin:secret@flow-2:3000'],
      ['CLUSTER_ADVERTISE_URL', 'http://flow-2:3000/?token=secret'],
      ['ZOOKEEPER_HOSTS', 'digest:alice:secret@zk1:2181'],
      ['ZOOKEEPER_HOSTS', 'zk1:2181 ?password=x'],
    ] as const)
      expect(() => readSettings({ [name]: value }, noFile)).toThrow(new RegExp(name));
  });
});
