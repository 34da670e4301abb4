// Preloaded into the server by server.ts (`--import`). The server's stdin is a pipe from the test
// process: when it ends, that process is gone (even if it was SIGKILLed and could not clean up),
// so the server shuts down as on SIGTERM instead of living on as an orphan.
//
// Plain JavaScript, and a no-op outside the main thread: worker threads inherit the server's
// `--import`s and run them before they register tsx (a `.ts` preload fails there), and a worker's
// own process.stdin is not the pipe from the test process.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const stop = () => process.kill(process.pid, 'SIGTERM');
  process.stdin.once('end', stop);
  process.stdin.once('error', stop);
  process.stdin.resume();
  process.stdin.unref();
}
