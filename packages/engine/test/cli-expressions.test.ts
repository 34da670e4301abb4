import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The held fixture of issue 17 (fixtures/expressions): an ExpressionCalculator reshapes each
 * order, a FilterCalculator keeps totals over 10 and an ExpressionDataTransformer bands them.
 * `flow run dag.json --drain` in a fresh folder must write expected.jsonl, as cli.test.ts does.
 */

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const caseDir = join(here, 'fixtures/expressions');
const TIMEOUT = 20_000;

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const jsonLines = (path: string) =>
  lines(readFileSync(path, 'utf8')).map((l) => JSON.parse(l) as unknown);

describe('flow run with expressions (issue 17)', () => {
  it(
    'an expression, a filter and an expression transformer give the held output',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-cli-expr-'));
      try {
        for (const f of ['dag.json', 'input.jsonl']) copyFileSync(join(caseDir, f), join(dir, f));
        const r = spawnSync(
          join(repoRoot, 'node_modules/.bin/tsx'),
          ['packages/engine/src/cli/main.ts', 'run', join(dir, 'dag.json'), '--drain'],
          {
            cwd: repoRoot,
            encoding: 'utf8',
            timeout: 15_000,
            env: { ...process.env, FLOW_PLUGIN_FOLDER: '' },
          },
        );
        expect(r.status, r.stderr).toBe(0);
        const expected = jsonLines(join(caseDir, 'expected.jsonl'));
        expect(jsonLines(join(dir, 'out.jsonl'))).toEqual(expected);
        expect(lines(r.stdout)).toEqual(expected.map((m) => `sink: ${JSON.stringify(m)}`));
        // Order 4 has no items: its total is nothing, so the condition is no boolean: an error
        // on the filter's node, the message dropped (order 2, a total of 3, is just filtered).
        expect(r.stderr).toMatch(/keep: error: the condition gave nothing .*not true or false/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
