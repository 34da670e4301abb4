// A worker thread's entry when the engine could not be bundled (see bundle.ts): the engine's
// TypeScript through tsx, which a worker thread needs registered in it besides the `--import
// tsx` it inherits from the server (Node 20).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
