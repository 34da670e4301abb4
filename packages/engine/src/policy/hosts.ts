import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, Socket, connect as netConnect, type LookupFunction } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { AdapterError } from '../errors';

/**
 * Which hosts adapters may connect to (the server's `ALLOWED_HOSTS`): a comma-separated list of
 * hostnames (`broker.internal`), subdomain wildcards (`*.example.com`), either with `:port`,
 * IP addresses (`127.0.0.1:16379`, `[::1]:6379`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
 *
 * A target (host, port) is allowed when EVERY address its name resolves to (or the literal
 * address) is allowed: an address is allowed by an IP or CIDR entry holding it, or by a name
 * entry matching the name the target was given by, unless the address is link-local or
 * unspecified (cloud metadata services live at 169.254.169.254 and fd00:ec2::254): those only
 * by an explicit IP or CIDR entry. So a listed name that resolves to the metadata service, or
 * an unlisted name that resolves to an internal address, is refused.
 *
 * An empty policy (the setting unset) allows every host.
 */

type NameEntry = { readonly kind: 'name'; readonly pattern: string; readonly port?: number };
type AddressEntry = {
  readonly kind: 'address';
  readonly list: BlockList;
  readonly text: string;
  readonly port?: number;
};
export type HostEntry = NameEntry | AddressEntry;

/** A host list that could not be read, with every bad entry. */
export class HostListError extends Error {
  override readonly name = 'HostListError';
  constructor(readonly bad: readonly string[]) {
    super(`not a hostname, host:port, IP address or CIDR range: ${bad.join(', ')}`);
  }
}

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
/** Addresses a listed NAME may not resolve to: only an explicit IP or CIDR entry allows them. */
const EXPLICIT_ONLY = new BlockList();
EXPLICIT_ONLY.addSubnet('169.254.0.0', 16, 'ipv4');
EXPLICIT_ONLY.addSubnet('0.0.0.0', 8, 'ipv4');
EXPLICIT_ONLY.addSubnet('fe80::', 10, 'ipv6');
EXPLICIT_ONLY.addAddress('fd00:ec2::254', 'ipv6');
EXPLICIT_ONLY.addAddress('::', 'ipv6');

/** `::ffff:127.0.0.1` -> `127.0.0.1`; IPv6 brackets removed; names lower-cased. */
export function normalizeHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped?.[1] ?? bare;
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function parseEntry(raw: string): HostEntry | undefined {
  const text = raw.trim().toLowerCase();
  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] as string;
    if (bracketed[2] !== undefined) {
      port = parsePort(bracketed[2]);
      if (port === undefined) return undefined;
    }
  } else if (isIP(text) !== 6 && !text.includes('/') && text.split(':').length === 2) {
    const [h, p] = text.split(':') as [string, string];
    host = h;
    port = parsePort(p);
    if (port === undefined) return undefined;
  }
  const slash = host.indexOf('/');
  if (slash !== -1) {
    const address = normalizeHost(host.slice(0, slash));
    const prefix = Number(host.slice(slash + 1));
    const kind = isIP(address);
    if (!kind || !Number.isInteger(prefix) || prefix < 0 || prefix > (kind === 6 ? 128 : 32))
      return undefined;
    const list = new BlockList();
    list.addSubnet(address, prefix, family(address));
    return { kind: 'address', list, text, ...(port !== undefined && { port }) };
  }
  const address = normalizeHost(host);
  if (isIP(address)) {
    const list = new BlockList();
    list.addAddress(address, family(address));
    return { kind: 'address', list, text, ...(port !== undefined && { port }) };
  }
  if (!HOSTNAME.test(host)) return undefined;
  return { kind: 'name', pattern: host, ...(port !== undefined && { port }) };
}

const portMatches = (entry: HostEntry, port: number) =>
  entry.port === undefined || entry.port === port;

function nameMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host !== pattern.slice(2);
  return host === pattern;
}

export type AddressResolver = (host: string) => Promise<readonly string[]>;

const systemResolver: AddressResolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );

export class HostPolicy {
  /** Allows every host: the policy when `ALLOWED_HOSTS` is not set. */
  static readonly open = new HostPolicy([]);

  private constructor(
    readonly entries: readonly HostEntry[],
    private readonly resolver: AddressResolver = systemResolver,
    /** The setting it was read from, so that a worker thread can read it again. */
    readonly setting = '',
  ) {}

  /** Reads `ALLOWED_HOSTS`; unset or blank is the open policy. Throws HostListError. */
  static parse(text: string | undefined, resolver?: AddressResolver): HostPolicy {
    const raw = (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (raw.length === 0) return resolver ? new HostPolicy([], resolver) : HostPolicy.open;
    const entries: HostEntry[] = [];
    const bad: string[] = [];
    for (const item of raw) {
      const entry = parseEntry(item);
      if (entry) entries.push(entry);
      else bad.push(item);
    }
    if (bad.length) throw new HostListError(bad);
    return new HostPolicy(entries, resolver, raw.join(','));
  }

  get restricted(): boolean {
    return this.entries.length > 0;
  }

  /** Whether one resolved address may be connected to for a target named `host`. */
  allowsAddress(host: string, address: string, port: number): boolean {
    if (!this.restricted) return true;
    const name = normalizeHost(host);
    const ip = normalizeHost(address);
    const fam = family(ip);
    for (const entry of this.entries) {
      if (!portMatches(entry, port)) continue;
      if (entry.kind === 'address' && entry.list.check(ip, fam)) return true;
      if (
        entry.kind === 'name' &&
        !isIP(name) &&
        nameMatches(entry.pattern, name) &&
        !EXPLICIT_ONLY.check(ip, fam)
      )
        return true;
    }
    return false;
  }

  /**
   * Why a target may not be connected to (undefined: it may). Resolves a name and checks every
   * address it has. Used at validation and before each connection.
   */
  async refusal(host: string, port: number): Promise<string | undefined> {
    if (!this.restricted) return undefined;
    const name = normalizeHost(host);
    let addresses: readonly string[];
    if (isIP(name)) addresses = [name];
    else {
      try {
        addresses = await this.resolver(name);
      } catch (error) {
        return `${host}:${port} is not allowed: its name could not be resolved (${(error as Error).message})`;
      }
    }
    const refused = addresses.filter((a) => !this.allowsAddress(name, a, port));
    if (addresses.length === 0 || refused.length > 0)
      return `${host}:${port} is not in ALLOWED_HOSTS${isIP(name) ? '' : ` (it resolves to ${addresses.join(', ')})`}`;
    return undefined;
  }

  /** Throws an AdapterError naming the host when the target may not be connected to. */
  async check(host: string, port: number): Promise<void> {
    const why = await this.refusal(host, port);
    if (why) throw new AdapterError(why);
  }

  /**
   * A `net` lookup function that resolves a name and refuses (with the error naming the host)
   * when any of its addresses is not allowed: the check happens on the very lookup the socket
   * connects with, so a name cannot resolve to another address between check and connect.
   */
  lookupFor(port: number): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver(hostname).then(
        (addresses) => {
          const refused = addresses.filter((a) => !this.allowsAddress(hostname, a, port));
          if (addresses.length === 0 || refused.length > 0) {
            callback(
              new AdapterError(
                `${hostname}:${port} is not in ALLOWED_HOSTS (it resolves to ${addresses.join(', ')})`,
              ) as NodeJS.ErrnoException,
              '',
            );
            return;
          }
          const list = addresses.map((a) => ({ address: a, family: isIP(a) }));
          if (options.all) callback(null, list);
          else callback(null, list[0]?.address ?? '', list[0]?.family ?? 4);
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    };
  }

  /**
   * A socket to (host, port) under this policy, plain or TLS: a literal address is checked at
   * once, a name through `lookupFor`. A refused target gives a socket that fails with an error
   * naming the host, as a refused connection would, so adapters retry it like any other.
   */
  socket(host: string, port: number, tls?: ConnectionOptions): Socket {
    const bare = normalizeHost(host);
    if (this.restricted && isIP(bare) && !this.allowsAddress(bare, bare, port)) {
      const socket = new Socket();
      const error = new AdapterError(`${host}:${port} is not in ALLOWED_HOSTS`);
      process.nextTick(() => socket.destroy(error));
      return socket;
    }
    const lookup = this.restricted ? this.lookupFor(port) : undefined;
    const target = { host: bare, port, ...(lookup && { lookup }) };
    return tls
      ? tlsConnect({
          ...tls,
          ...target,
          ...(!isIP(bare) && { servername: tls.servername ?? bare }),
        })
      : netConnect(target);
  }

  /**
   * An unconnected socket whose `connect(port, host)` goes through this policy as `socket()`
   * does: for clients that create the socket first and connect it themselves (pg's `stream`).
   */
  unconnectedSocket(): Socket {
    const socket = new Socket();
    const connect = socket.connect.bind(socket) as (options: {
      port: number;
      host: string;
      lookup?: LookupFunction;
    }) => Socket;
    Object.defineProperty(socket, 'connect', {
      value: (port: number, host: string) => {
        const bare = normalizeHost(host);
        if (this.restricted && isIP(bare) && !this.allowsAddress(bare, bare, port)) {
          const error = new AdapterError(`${host}:${port} is not in ALLOWED_HOSTS`);
          process.nextTick(() => socket.destroy(error));
          return socket;
        }
        return connect({
          port,
          host: bare,
          ...(this.restricted && { lookup: this.lookupFor(port) }),
        });
      },
    });
    return socket;
  }
}

/** The default port of a connection URL's scheme (when the URL names none). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  redis: 6379,
  rediss: 6379,
  stomp: 61613,
  stomps: 61614,
  postgres: 5432,
  postgresql: 5432,
  kafka: 9092,
};

/** Host and port of a connection URL (`redis://u:p@host:1/0`) or broker (`host:9092`). */
export function targetOf(
  text: string,
  defaultPort = 9092,
): { host: string; port: number } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme) {
    const at = text.lastIndexOf('@');
    const afterScheme = scheme.length + 3;
    const base = at >= afterScheme ? `${scheme}://${text.slice(at + 1)}` : text;
    try {
      const url = new URL(base);
      if (!url.hostname) return undefined;
      return {
        host: normalizeHost(url.hostname),
        port: url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? defaultPort),
      };
    } catch {
      return undefined;
    }
  }
  const trimmed = text.trim();
  if (isIP(trimmed)) return { host: normalizeHost(trimmed), port: defaultPort };
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(trimmed);
  if (!m) return undefined;
  const host = m[1] as string;
  return { host: normalizeHost(host), port: m[2] ? Number(m[2]) : defaultPort };
}
