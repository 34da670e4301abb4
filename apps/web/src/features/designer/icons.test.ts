import { IconFile, IconPlus } from '@tabler/icons-react';
import { describe, expect, it } from 'vitest';
import { emptyDoc, type DagDoc } from './model';
import { kindIcons, nodeIconType, typeIcon } from './icons';

describe('icons per kind and type', () => {
  it("gives a calculator its operation's icon, a subscriber its transport's, else its kind's", () => {
    expect(typeIcon('calculator', 'AdditionCalculator')).toBe(IconPlus);
    expect(typeIcon('subscriber', 'file')).toBe(IconFile);
    expect(typeIcon('subscriber', 'file://')).toBe(IconFile);
    expect(typeIcon('calculator', 'SomePluginCalculator')).toBe(kindIcons.calculator);
    expect(typeIcon('sink', 'constructor')).toBe(kindIcons.sink);
  });

  it("finds a node's component for its icon", () => {
    const doc: DagDoc = {
      ...emptyDoc('d'),
      subscribers: [{ name: 's', config: { source: 'file:///tmp/in.jsonl' } }],
      calculators: [{ name: 'c', type: 'AdditionCalculator', config: {} }],
    };
    const sub = { name: 'in', type: 'SubscriptionNode', config: { subscriber: 's' } } as const;
    const calc = { name: 'add', type: 'CalculationNode', config: { calculator: 'c' } } as const;
    expect(typeIcon('subscriber', nodeIconType(sub, doc))).toBe(IconFile);
    expect(typeIcon('calculator', nodeIconType(calc, doc))).toBe(IconPlus);
    const missing = { ...calc, config: { calculator: 'gone' } };
    expect(typeIcon('calculator', nodeIconType(missing, doc))).toBe(kindIcons.calculator);
  });
});
