/**
 * Child process of state.bench.ts: logs in, opens WATCHERS websockets that each watch a DAG's
 * state, counts the events they get, and reports on stdout when all are watching.
 */
import WebSocket from 'ws';

const [url, dag, count, password] = process.argv.slice(2) as [string, string, string, string];
const login = await fetch(`${url}/trpc/auth.login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-flow-request': '1' },
  body: JSON.stringify({ username: 'admin', password }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
let events = 0;
let bytes = 0;
let watching = 0;
const sockets: WebSocket[] = [];
for (let i = 0; i < Number(count); i++) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/trpc`, { headers: { cookie } });
  sockets.push(ws);
  ws.on('open', () =>
    ws.send(
      JSON.stringify({
        id: 1,
        method: 'subscription',
        params: { path: 'state.watch', input: { dag } },
      }),
    ),
  );
  ws.on('message', (raw: Buffer) => {
    bytes += raw.length;
    const message = JSON.parse(String(raw)) as { result?: { type?: string } };
    if (message.result?.type === 'started' && ++watching === Number(count))
      process.stdout.write('watching\n');
    if (message.result?.type === 'data') events++;
  });
}
process.stdin.on('data', () => {
  process.stdout.write(`${JSON.stringify({ events, bytes })}\n`);
  for (const ws of sockets) ws.close();
  process.exit(0);
});
