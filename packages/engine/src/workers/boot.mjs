// A worker thread's entry: the engine is TypeScript, run through tsx in every thread (as the
// server is); registering it again where the parent's `--import tsx` already did is harmless.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
