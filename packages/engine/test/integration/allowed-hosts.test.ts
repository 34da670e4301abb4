import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type ConnectionStatus, type Subscriber } from '../../src/index';
import { HostPolicy } from '../../src/policy/hosts';
import { kafkaSubscriberAdapter } from '../../src/pubsub/kafka';
import { createRedis } from '../../src/pubsub/redis-client';
import { sqlSubscriberAdapter } from '../../src/pubsub/sql';
import { stompSubscriberAdapter } from '../../src/pubsub/stomp';
import type { AdapterContext } from '../../src/pubsub/types';
import { adapterContext, eventually, RecordingSink } from './contract';
import { requireService, services, unique } from './services';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** host:port of a service URL or broker. */
const hostPort = (url: string) => {
  const { hostname, port } = new URL(url.includes('://') ? url : `tcp://${url}`);
  return `${hostname}:${port}`;
};
/** A policy that allows only a loopback port nothing listens on: every service is outside it. */
const elsewhere = HostPolicy.parse('127.0.0.1:1');

const withHosts = (context: AdapterContext, hosts: HostPolicy): AdapterContext => ({
  ...context,
  hosts,
});

const refusedIn = (statuses: readonly ConnectionStatus[]) =>
  statuses.some((s) => s.error?.includes('is not in ALLOWED_HOSTS'));

describe('ALLOWED_HOSTS at connect time, in every network adapter', () => {
  const running: Subscriber[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  async function check(
    name: string,
    service: string,
    make: (hosts: HostPolicy) => Subscriber,
  ): Promise<void> {
    await requireService(name, service);
    const allowed = HostPolicy.parse(hostPort(service));
    const ok = new RecordingSink();
    const good = make(allowed);
    running.push(good);
    await good.start(ok, new AbortController().signal);
    await eventually(() => ok.statuses.some((s) => s.state === 'connected'), `${name} connected`);
    expect(refusedIn(ok.statuses)).toBe(false);

    const refused = new RecordingSink();
    const bad = make(elsewhere);
    running.push(bad);
    await bad.start(refused, new AbortController().signal);
    await eventually(() => refusedIn(refused.statuses), `${name} refused`);
    expect(refused.statuses.some((s) => s.state === 'connected')).toBe(false);
    expect(refused.statuses.find((s) => s.error?.includes('ALLOWED_HOSTS'))?.error).toContain(
      hostPort(service),
    );
  }

  it('STOMP', async () => {
    await check('STOMP', services.stomp, (hosts) =>
      stompSubscriberAdapter.createSubscriber(
        stompSubscriberAdapter.configSchema.parse({ source: `stomp://queue/${unique('hosts')}` }),
        withHosts(adapterContext('stomp', { stomp: { default: { url: services.stomp } } }), hosts),
      ),
    );
  });

  it('SQL (PostgreSQL)', async () => {
    await check('PostgreSQL', services.postgres, (hosts) =>
      sqlSubscriberAdapter.createSubscriber(
        sqlSubscriberAdapter.configSchema.parse({ source: 'sql://src', poll_interval_ms: 100 }),
        withHosts(
          adapterContext(unique('sql'), {
            sql: {
              src: {
                url: services.postgres,
                table: 'pg_catalog.pg_namespace',
                cursor_column: 'oid',
              },
            },
          }),
          hosts,
        ),
      ),
    );
  });

  it('Kafka (the bootstrap broker and every broker the cluster names)', async () => {
    const broker = services.kafka[0] as string;
    await check('Kafka', `tcp://${broker}`, (hosts) =>
      kafkaSubscriberAdapter.createSubscriber(
        kafkaSubscriberAdapter.configSchema.parse({ source: `kafka://topic/${unique('hosts')}` }),
        withHosts(
          adapterContext(unique('kafka'), { kafka: { default: { brokers: services.kafka } } }),
          hosts,
        ),
      ),
    );
  }, 60_000);

  it('Redis (every connection and reconnection of the client)', async () => {
    await requireService('Redis', services.redis);
    const statuses = (hosts: HostPolicy) => {
      const seen: ConnectionStatus[] = [];
      const client = createRedis(services.redis, systemClock, (s) => seen.push(s), hosts);
      return { client, seen };
    };
    const good = statuses(HostPolicy.parse(hostPort(services.redis)));
    await good.client.connect();
    expect(await good.client.ping()).toBe('PONG');
    good.client.disconnect();

    const bad = statuses(elsewhere);
    await bad.client.connect().catch(() => {});
    await eventually(() => refusedIn(bad.seen), 'Redis refused');
    expect(bad.seen.find((s) => s.error)?.error).toContain(hostPort(services.redis));
    bad.client.disconnect();
  });
});
