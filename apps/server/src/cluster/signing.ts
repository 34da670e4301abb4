import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed calls between the instances of a cluster. The secret never travels: member URLs come
 * from ZooKeeper, which anyone who reaches it may write, so a bearer token would go to whoever
 * registered a URL of theirs. Each call carries its time, a random nonce and
 * HMAC-SHA256(secret, time + "\n" + nonce + "\n" + sha256(body) hex), base64url.
 */
export const TIME_HEADER = 'x-flow-cluster-time';
export const NONCE_HEADER = 'x-flow-cluster-nonce';
export const SIGNATURE_HEADER = 'x-flow-cluster-signature';

/** How far a call's time may be from the receiver's clock (either way). */
export const SIGNATURE_WINDOW_MS = 30_000;
/** At most this many nonces are remembered (only of calls signed right): past it, calls wait. */
export const MAX_NONCES = 50_000;

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const TIME = /^\d{1,16}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function signature(secret: string, time: string, nonce: string, body: string): string {
  const digest = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', secret).update(`${time}\n${nonce}\n${digest}`).digest('base64url');
}

/** The headers that sign a call's body. */
export function signCall(
  secret: string,
  body: string,
  now = Date.now(),
  nonce = randomBytes(18).toString('base64url'),
): Record<string, string> {
  const time = String(now);
  return {
    [TIME_HEADER]: time,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: signature(secret, time, nonce, body),
  };
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Checks the signed calls this instance receives: in time, signed right, each nonce once. */
export class CallVerifier {
  /** Nonce -> when it may be forgotten (its time + the window). */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
    private readonly maxNonces = MAX_NONCES,
  ) {}

  /** Before the body is read: the headers are there, well formed and the time is in the window. */
  plausible(headers: Headers): boolean {
    const time = header(headers, TIME_HEADER);
    const nonce = header(headers, NONCE_HEADER);
    const sig = header(headers, SIGNATURE_HEADER);
    if (time === undefined || nonce === undefined || sig === undefined) return false;
    if (!TIME.test(time) || !NONCE.test(nonce) || !SIGNATURE.test(sig)) return false;
    return Math.abs(this.now() - Number(time)) <= SIGNATURE_WINDOW_MS;
  }

  /** True when the call is signed with this cluster's secret, in time, its nonce not seen before. */
  verify(headers: Headers, body: string): boolean {
    if (!this.plausible(headers)) return false;
    const time = header(headers, TIME_HEADER) as string;
    const nonce = header(headers, NONCE_HEADER) as string;
    const given = Buffer.from(header(headers, SIGNATURE_HEADER) as string);
    const expected = Buffer.from(signature(this.secret, time, nonce, body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const now = this.now();
    this.forget(now);
    if (this.nonces.has(nonce) || this.nonces.size >= this.maxNonces) return false;
    this.nonces.set(nonce, Number(time) + SIGNATURE_WINDOW_MS);
    return true;
  }

  /** Forgets the nonces whose calls are out of the window (a replay of them is refused by time). */
  private forget(now: number): void {
    for (const [nonce, until] of this.nonces) {
      if (until >= now) {
        if (this.nonces.size < this.maxNonces) return; // the oldest first: the rest can wait
        continue;
      }
      this.nonces.delete(nonce);
    }
  }
}
