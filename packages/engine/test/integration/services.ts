import { createConnection } from 'node:net';

/** Where the services of `scripts/services.sh` listen; `scripts/services.sh env` prints the same. */
export const services = {
  redis: process.env.FLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:16379',
  postgres: process.env.FLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:15432/flow_test',
  stomp: process.env.FLOW_TEST_STOMP_URL ?? 'stomp://guest:guest@127.0.0.1:61613',
  kafka: (process.env.FLOW_TEST_KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
  zookeeper: process.env.FLOW_TEST_ZOOKEEPER ?? '127.0.0.1:12181',
};

/** Fails loudly (never skips) when a service the test needs does not accept connections. */
export async function requireService(name: string, url: string): Promise<void> {
  const { hostname, port } = new URL(url.includes('://') ? url : `tcp://${url}`);
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port), timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `${name} is not reachable at ${hostname}:${port} (${reason}); start it with: bash scripts/services.sh up`,
        ),
      );
    };
    socket.once('timeout', () => fail('timeout'));
    socket.once('error', (e) => fail(e.message));
  });
}

export const unique = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
