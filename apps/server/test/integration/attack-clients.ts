/** Raw clients for the attack tests: an upgrade by hand, an SSE stream, a bare tRPC websocket. */
import { connect as tcp } from 'node:net';
import WebSocket from 'ws';

/**
 * Sends a websocket upgrade by hand and resolves when the server has closed the connection, with
 * the status it answered; rejects when it neither answers nor closes within `withinMs`.
 */
export function rawUpgrade(
  baseUrl: string,
  headers: Record<string, string>,
  withinMs = 3000,
): Promise<{ status: number }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = tcp(Number(port), hostname);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no answer and no close within ${withinMs} ms; got ${received || 'nothing'}`),
      );
    }, withinMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0) });
    });
    socket.write(
      [
        'GET /trpc HTTP/1.1',
        `Host: ${hostname}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ].join('\r\n'),
    );
  });
}

export interface SseStream {
  readonly status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens the SSE form of a subscription (`GET /trpc/<path>?input=...`) as a browser would. */
export async function sse(
  baseUrl: string,
  path: string,
  input: unknown,
  cookie: string,
): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(
    `${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal },
  );
  let received = '';
  const reader = response.body?.getReader();
  const ended = (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by close()
    }
  })();
  return { status: response.status, text: () => received, ended, close: () => abort.abort() };
}

export interface RawTrpcSocket {
  readonly ws: WebSocket;
  /** The messages received for each request id. */
  readonly byId: Map<number, { type?: string; code?: string }[]>;
  subscribe(id: number, path: string, input: unknown): void;
  stop(id: number): void;
  until(check: () => boolean, withinMs?: number): Promise<void>;
}

/** A bare tRPC websocket with a session cookie: subscriptions by id, results collected by id. */
export async function rawTrpcSocket(baseUrl: string, cookie: string): Promise<RawTrpcSocket> {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/trpc`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const byId = new Map<number, { type?: string; code?: string }[]>();
  ws.on('message', (raw: Buffer) => {
    const message = JSON.parse(String(raw)) as {
      id?: number;
      result?: { type?: string };
      error?: { data?: { code?: string } };
    };
    if (typeof message.id !== 'number') return;
    const list = byId.get(message.id) ?? [];
    list.push({ type: message.result?.type ?? 'error', code: message.error?.data?.code });
    byId.set(message.id, list);
  });
  return {
    ws,
    byId,
    subscribe: (id, path, input) =>
      ws.send(JSON.stringify({ id, method: 'subscription', params: { path, input } })),
    stop: (id) => ws.send(JSON.stringify({ id, method: 'subscription.stop' })),
    async until(check, withinMs = 5000) {
      const until = Date.now() + withinMs;
      while (!check()) {
        if (Date.now() > until) throw new Error(`not reached: ${JSON.stringify([...byId])}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Resolves within `ms` or rejects naming what did not happen. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms),
    ),
  ]);
}
