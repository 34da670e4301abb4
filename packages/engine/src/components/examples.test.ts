import { describe, expect, it } from 'vitest';
import { calculators } from '../calculators';
import { transformers } from '../transformers';
import type { CalculatorDefinition, TransformerDefinition } from './definitions';

/**
 * Each built-in's help shows an example: its config, an input and the output. Each is run here
 * through the real component, so an example cannot say what the component does not do.
 */
describe('the examples of the built-in components', () => {
  const calcs: [string, CalculatorDefinition][] = Object.entries(calculators);
  const trans: [string, TransformerDefinition][] = Object.entries(transformers);

  it.each(calcs)('%s: its example gives the output it shows', (_type, definition) => {
    const example = definition.example;
    expect(example, 'every built-in calculator has an example').toBeDefined();
    if (!example) return;
    const config: unknown = definition.configSchema.parse(example.config);
    const warnings: string[] = [];
    const output = definition
      .create(config)
      .compute(example.input, { warn: (message) => warnings.push(message) });
    expect(output).toEqual(example.output);
    // The order of the keys is part of what a reader sees.
    expect(Object.keys(output)).toEqual(Object.keys(example.output));
    expect(warnings).toEqual([]);
  });

  it.each(trans)('%s: its example gives the output it shows', (_type, definition) => {
    const example = definition.example;
    expect(example, 'every built-in transformer has an example').toBeDefined();
    if (!example) return;
    const config: unknown = definition.configSchema.parse(example.config);
    const output = definition.create(config).transform(example.input);
    expect(output).toEqual(example.output);
    expect(Object.keys(output)).toEqual(Object.keys(example.output));
  });

  it('an example that lies fails', () => {
    const { create, configSchema } = calculators.AdditionCalculator;
    const output = create(configSchema.parse({ arguments: ['a', 'b'] })).compute(
      { a: 1, b: 2 },
      { warn: () => undefined },
    );
    expect(output).not.toEqual({ result: 4 });
  });
});
