import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { workerInspector } from '../src/workers/inspector';

const code = `
const { workerData } = require('node:worker_threads');
globalThis.__whoAmI = () => workerData.name;
if (workerData.spin) setTimeout(() => { for (;;) {} }, 100);
else setInterval(() => {}, 1000);
`;

describe('workerInspector', () => {
  const workers: Worker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.terminate()));
  });

  it('asks the thread it is given, among several, even one stuck in an endless loop', async () => {
    await workerInspector.enable();
    // Several rounds: workers attach to the inspector in no fixed order of their thread ids.
    for (let round = 0; round < 4; round++) {
      const started = ['a', 'b', 'c'].map(
        (name) => new Worker(code, { eval: true, workerData: { name, spin: name === 'b' } }),
      );
      workers.push(...started);
      await new Promise((r) => setTimeout(r, 400));
      const answers = await Promise.all(
        started.map((w) => workerInspector.evaluate(w.threadId, 'globalThis.__whoAmI()', 2000)),
      );
      expect(answers).toEqual(['a', 'b', 'c']);
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    }
  }, 30_000);
});
