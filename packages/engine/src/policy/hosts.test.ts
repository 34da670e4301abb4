import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostListError, HostPolicy, targetOf } from './hosts';

/** A resolver with fixed answers: no DNS query leaves the machine. */
const names: Record<string, string[]> = {
  'redis.internal': ['127.0.0.1'],
  'evil.example.com': ['169.254.169.254'],
  'api.example.com': ['127.0.0.2'],
  'six.internal': ['::1'],
  'mixed.internal': ['127.0.0.1', '127.0.0.9'],
};
const resolver = async (host: string) => {
  const found = names[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const policy = (text: string) => HostPolicy.parse(text, resolver);

describe('HostPolicy', () => {
  it('allows everything when unset', async () => {
    expect(HostPolicy.parse(undefined).restricted).toBe(false);
    expect(await HostPolicy.parse('  ').refusal('anything', 1)).toBeUndefined();
  });

  it('refuses a list with bad entries, naming each', () => {
    expect(() => HostPolicy.parse('ok.host, bad host, 1.2.3.4/40, h:99999')).toThrow(HostListError);
    try {
      HostPolicy.parse('ok.host, bad host, 1.2.3.4/40, h:99999');
    } catch (error) {
      expect((error as HostListError).bad).toEqual(['bad host', '1.2.3.4/40', 'h:99999']);
    }
  });

  it('matches an address with its port', async () => {
    const p = policy('127.0.0.1:16379');
    expect(await p.refusal('127.0.0.1', 16379)).toBeUndefined();
    expect(await p.refusal('127.0.0.1', 16380)).toMatch(
      /127\.0\.0\.1:16380 is not in ALLOWED_HOSTS/,
    );
    expect(await p.refusal('127.0.0.2', 16379)).toBeDefined();
    // a name resolving to the listed address and port is the same target
    expect(await p.refusal('redis.internal', 16379)).toBeUndefined();
  });

  it('matches IPv4 and IPv6 CIDR ranges', async () => {
    const p = policy('127.0.0.0/30, ::1/128');
    expect(await p.refusal('127.0.0.3', 1)).toBeUndefined();
    expect(await p.refusal('127.0.0.4', 1)).toBeDefined();
    expect(await p.refusal('::1', 6379)).toBeUndefined();
    expect(await p.refusal('[::1]', 6379)).toBeUndefined();
    expect(await p.refusal('::ffff:127.0.0.1', 6379)).toBeUndefined();
    expect(await p.refusal('six.internal', 6379)).toBeUndefined();
    expect(policy('10.0.0.0/8').allowsAddress('10.2.3.4', '10.2.3.4', 5432)).toBe(true);
    expect(policy('10.0.0.0/8').allowsAddress('11.0.0.1', '11.0.0.1', 5432)).toBe(false);
  });

  it('matches bracketed IPv6 with a port', async () => {
    const p = policy('[::1]:6379');
    expect(await p.refusal('::1', 6379)).toBeUndefined();
    expect(await p.refusal('::1', 6380)).toBeDefined();
  });

  it('matches wildcards on subdomains only, with an optional port', async () => {
    const p = policy('*.example.com:443');
    expect(await p.refusal('api.example.com', 443)).toBeUndefined();
    expect(await p.refusal('api.example.com', 80)).toBeDefined();
    expect(await p.refusal('example.com', 443)).toBeDefined();
    expect(await p.refusal('apiexample.com', 443)).toBeDefined();
  });

  it('refuses a listed name that resolves to a metadata address', async () => {
    expect(await policy('*.example.com').refusal('evil.example.com', 80)).toMatch(
      /resolves to 169\.254\.169\.254/,
    );
    // unless the admin lists that range explicitly
    expect(
      await policy('*.example.com, 169.254.0.0/16').refusal('evil.example.com', 80),
    ).toBeUndefined();
  });

  it('refuses a name when any of its addresses is outside the list', async () => {
    expect(await policy('127.0.0.1').refusal('mixed.internal', 1)).toBeDefined();
    expect(await policy('127.0.0.0/8').refusal('mixed.internal', 1)).toBeUndefined();
    expect(await policy('127.0.0.1').refusal('unknown.internal', 1)).toMatch(
      /could not be resolved/,
    );
  });
});

describe('HostPolicy.socket', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const outcome = (socket: ReturnType<HostPolicy['socket']>) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e) => resolve(e.message));
    });

  it('connects to an allowed address and refuses another port, by name or address', async () => {
    const p = HostPolicy.parse(`127.0.0.1:${port}`);
    expect(await outcome(p.socket('127.0.0.1', port))).toBe('connected');
    const other = HostPolicy.parse(`127.0.0.1:${port + 1}`);
    expect(await outcome(other.socket('127.0.0.1', port))).toMatch(/not in ALLOWED_HOSTS/);
    expect(await outcome(other.socket('localhost', port))).toMatch(/not in ALLOWED_HOSTS/);
  });
});

describe('targetOf', () => {
  it.each([
    ['redis://:pw@127.0.0.1:16379/0', '127.0.0.1', 16379],
    ['redis://u:a/b@host', 'host', 6379],
    ['stomp://[::1]:61613', '::1', 61613],
    ['postgres://u:p@db/x', 'db', 5432],
    ['broker:9093', 'broker', 9093],
    ['[::1]:9092', '::1', 9092],
    ['::1', '::1', 9092],
  ])('%s', (text, host, port) => {
    expect(targetOf(text)).toEqual({ host, port });
  });
});
