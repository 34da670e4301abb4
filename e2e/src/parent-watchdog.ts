// Preloaded into the server by server.ts (`--import`). The server's stdin is a pipe from the test
// process: when it ends, that process is gone (even if it was SIGKILLed and could not clean up),
// so the server shuts down as on SIGTERM instead of living on as an orphan.
const stop = () => process.kill(process.pid, 'SIGTERM');
process.stdin.once('end', stop);
process.stdin.once('error', stop);
process.stdin.resume();
process.stdin.unref();

export {};
