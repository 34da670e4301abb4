import { describe, expect, it } from 'vitest';
import { HostPolicy } from '@flow/engine';
import { inlineConnectionProblems, inlineHostProblems, prepareConnections } from './inline';

const dag = (config: Record<string, unknown>) => ({
  name: 'd',
  publishers: [{ name: 'out', config: { destination: 'redis://list/x', ...config } }],
});

describe('inline connection settings', () => {
  const stored = dag({ url: 'redis://:pw@127.0.0.1:16379' });

  it('lets admins set anything inline', () => {
    expect(inlineConnectionProblems(dag({ url: 'redis://h:1' }), stored, 'admin')).toEqual([]);
  });

  it('lets an analyst keep what an admin stored, and choose a named connection', () => {
    expect(inlineConnectionProblems(stored, stored, 'analyst')).toEqual([]);
    const named = dag({ url: 'redis://:pw@127.0.0.1:16379', connection: 'cache' });
    expect(inlineConnectionProblems(named, stored, 'analyst')).toEqual([]);
  });

  it.each([
    ['a changed url', { url: 'redis://:pw@127.0.0.1:16380' }, 'url'],
    ['added brokers', { url: 'redis://:pw@127.0.0.1:16379', brokers: ['h:9092'] }, 'brokers'],
    ['a credential', { url: 'redis://:pw@127.0.0.1:16379', password: 'x' }, 'password'],
    [
      "the original format's bootstrap_servers",
      { url: 'redis://:pw@127.0.0.1:16379', bootstrap_servers: 'h:9092' },
      'bootstrap_servers',
    ],
    [
      'bootstrap.servers in a client config of the original format',
      { url: 'redis://:pw@127.0.0.1:16379', confluent_config: { 'bootstrap.servers': 'h:9092' } },
      'confluent_config["bootstrap.servers"]',
    ],
    [
      'a token deep in plugin options',
      { url: 'redis://:pw@127.0.0.1:16379', options: { auth: { token: 't' } } },
      'options.auth.token',
    ],
  ])('refuses %s from an analyst, at its path', (_what, config, key) => {
    expect(inlineConnectionProblems(dag(config), stored, 'analyst')).toEqual([
      expect.objectContaining({
        code: 'connection_required',
        path: `$.publishers[0].config.${key}`,
      }),
    ]);
  });

  it('compares components by name: a renamed component is new', () => {
    const renamed = { ...stored, publishers: [{ ...stored.publishers[0]!, name: 'other' }] };
    expect(inlineConnectionProblems(renamed, stored, 'analyst').map((p) => p.code)).toEqual([
      'connection_required',
    ]);
  });
});

describe('inline hosts and ALLOWED_HOSTS', () => {
  it('names the url or broker outside the list', async () => {
    const hosts = HostPolicy.parse('127.0.0.1:16379');
    const config = {
      name: 'd',
      publishers: [
        { name: 'a', config: { destination: 'redis://list/x', url: 'redis://127.0.0.1:16379' } },
        {
          name: 'b',
          config: { destination: 'kafka://topic/t', brokers: ['127.0.0.1:16379', '127.0.0.1:9'] },
        },
      ],
    };
    const problems = await inlineHostProblems(config, hosts);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'host_not_allowed $.publishers[1].config.brokers[1]',
    ]);
    expect(await inlineHostProblems(config, HostPolicy.open)).toEqual([]);
  });

  it("checks the original format's bootstrap_servers, a list or a string, as brokers", async () => {
    const hosts = HostPolicy.parse('127.0.0.1:9092');
    const config = {
      name: 'd',
      subscribers: [
        {
          name: 'a',
          config: {
            source: 'kafka://topic/t',
            bootstrap_servers: ['127.0.0.1:9092', '10.0.0.1:9092'],
          },
        },
        {
          name: 'b',
          config: {
            source: 'kafka://topic/t',
            bootstrap_servers: '127.0.0.1:9092, 10.0.0.2:9092',
            consumer_config: { bootstrap_servers: '10.0.0.3:9092' },
          },
        },
      ],
    };
    const problems = await inlineHostProblems(config, hosts);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'host_not_allowed $.subscribers[0].config.bootstrap_servers[1]',
      'host_not_allowed $.subscribers[1].config.bootstrap_servers',
      'host_not_allowed $.subscribers[1].config.consumer_config.bootstrap_servers',
    ]);
  });

  it('a *** in a new DAG is a problem', async () => {
    const { problems } = await prepareConnections(
      dag({ url: 'redis://:***@h:1' }),
      undefined,
      'admin',
      HostPolicy.open,
    );
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'invalid_value $.publishers[0].config.url',
    ]);
  });
});
