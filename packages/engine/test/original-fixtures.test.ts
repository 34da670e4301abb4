import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The fixture folder of the original system's format (issue 15): every case holds the DAG as
 * the original writes it (original.json) and as ours does (ours.json), an input and the output
 * the original system itself gave on that input (expected.jsonl; see fixtures/original/README.md).
 * Both files must validate and, run with `flow run --drain`, give exactly that output.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const casesRoot = join(here, 'fixtures/original');
const TIMEOUT = 40_000;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    join(repoRoot, 'node_modules/.bin/tsx'),
    ['packages/engine/src/cli/main.ts', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, FLOW_PLUGIN_FOLDER: '' },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const readJsonLines = (path: string): unknown[] =>
  lines(readFileSync(path, 'utf8')).map((l) => JSON.parse(l) as unknown);

const cases = readdirSync(casesRoot, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Runs one DAG file of a case in a fresh folder (its file: URIs resolve there). */
function runCase(name: string, file: 'original.json' | 'ours.json') {
  const dir = mkdtempSync(join(tmpdir(), `flow-original-${name}-`));
  const dag = join(dir, file);
  copyFileSync(join(casesRoot, name, file), dag);
  copyFileSync(join(casesRoot, name, 'input.jsonl'), join(dir, 'input.jsonl'));
  const r = cli('run', dag, '--drain', '--quiet');
  const out = join(dir, 'out.jsonl');
  return { ...r, dag, output: existsSync(out) ? readJsonLines(out) : [] };
}

describe('the fixture folder of the original format', () => {
  it('holds every case the README lists, each with its four files', () => {
    const readme = readFileSync(join(casesRoot, 'README.md'), 'utf8');
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const name of cases) {
      expect(readme, `README lists ${name}`).toContain(`\`${name}\``);
      for (const f of ['original.json', 'ours.json', 'input.jsonl', 'expected.jsonl'])
        expect(existsSync(join(casesRoot, name, f)), `${name}/${f}`).toBe(true);
    }
  });

  for (const name of cases) {
    describe(name, () => {
      const expected = readJsonLines(join(casesRoot, name, 'expected.jsonl'));

      it(
        'both files validate; the original one is converted, ours is not',
        () => {
          const original = join(casesRoot, name, 'original.json');
          const ours = join(casesRoot, name, 'ours.json');
          const r = cli('validate', original, ours);
          expect(r.status, r.stdout + r.stderr).toBe(0);
          const out = lines(r.stdout);
          expect(out).toContain(`${original}: converted from the original format`);
          expect(out.some((l) => l.startsWith(`${original}: valid (`))).toBe(true);
          expect(out.filter((l) => l.startsWith(`${ours}: `))).toEqual([
            expect.stringMatching(/: valid \(/),
          ]);
          const warnings = join(casesRoot, name, 'warnings.txt');
          if (existsSync(warnings)) {
            const wanted = lines(readFileSync(warnings, 'utf8')).map((w) => `${original}: ${w}`);
            expect(out.filter((l) => l.includes(': warning: '))).toEqual(wanted);
          } else {
            expect(out.filter((l) => l.includes(': warning: '))).toEqual([]);
          }
        },
        TIMEOUT,
      );

      for (const file of ['original.json', 'ours.json'] as const) {
        it(
          `${file} run with --drain gives the original system's output`,
          () => {
            const r = runCase(name, file);
            expect(r.status, r.stderr).toBe(0);
            expect(r.output).toEqual(expected);
          },
          TIMEOUT,
        );
      }
    });
  }
});
