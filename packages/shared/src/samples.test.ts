import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDag } from './validate';

const SAMPLES = new URL('../../../samples/dags/', import.meta.url);

describe('the sample DAGs (samples/dags, imported and started by npm start)', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));

  it('include the file sample and the metronome sample', () => {
    expect(files).toEqual(expect.arrayContaining(['orders_enrich.json', 'metronome_ticks.json']));
  });

  it.each(files)('%s is a valid DAG named as its file, with a position for every node', (file) => {
    const value = JSON.parse(readFileSync(new URL(file, SAMPLES), 'utf8')) as unknown;
    const result = validateDag(value);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(`${result.dag.name}.json`).toBe(file);
    const positions = (value as { ui?: { positions?: Record<string, unknown> } }).ui?.positions;
    expect(Object.keys(positions ?? {}).sort()).toEqual(result.dag.nodes.map((n) => n.name).sort());
  });

  it('the metronome sample starts from a MetronomeNode, so data flows without any input', () => {
    const value = JSON.parse(readFileSync(new URL('metronome_ticks.json', SAMPLES), 'utf8'));
    const result = validateDag(value);
    expect(result.ok && result.dag.nodes.filter((n) => n.type === 'MetronomeNode')).toHaveLength(1);
  });
});
