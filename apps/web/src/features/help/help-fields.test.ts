import { describe, expect, it } from 'vitest';
import { emptyDoc, type DagDoc } from '../designer/model';
import { helpFields, helpTopicsOf, typeOf } from './help-fields';

describe('helpFields', () => {
  it('lists each field with its type, whether required, its default and description', () => {
    const schema = {
      type: 'object',
      properties: {
        arguments: { type: 'array', items: { type: 'string' }, description: 'the attributes' },
        output_attribute: { type: 'string', default: 'result', description: 'where' },
        acks: { anyOf: [{ const: -1 }, { const: 0 }], default: -1 },
        seed: { type: 'integer' },
        defaults: { type: 'object', additionalProperties: {} },
      },
      required: ['arguments', 'output_attribute'],
    };
    expect(helpFields(schema)).toEqual([
      {
        name: 'arguments',
        type: 'array of string',
        required: true,
        default: undefined,
        description: 'the attributes',
      },
      {
        name: 'output_attribute',
        type: 'string',
        required: false,
        default: '"result"',
        description: 'where',
      },
      { name: 'acks', type: '-1 | 0', required: false, default: '-1', description: '' },
      { name: 'seed', type: 'whole number', required: false, default: undefined, description: '' },
      {
        name: 'defaults',
        type: 'map to any',
        required: false,
        default: undefined,
        description: '',
      },
    ]);
  });

  it('has no fields for a schema without properties', () => {
    expect(helpFields(undefined)).toEqual([]);
    expect(typeOf({})).toBe('any');
  });
});

describe('helpTopicsOf', () => {
  it("names the components a node uses, with their types (an adapter's URI scheme)", () => {
    const doc: DagDoc = {
      ...emptyDoc('d'),
      subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
      publishers: [
        { name: 'out', config: { destination: 'kafka://topic/out' } },
        { name: 'x', config: { destination: 'custom://mine' } },
      ],
      calculators: [{ name: 'add', type: 'AdditionCalculator', config: { arguments: ['a'] } }],
    };
    expect(
      helpTopicsOf({ name: 's', type: 'SubscriptionNode', config: { subscriber: 'in' } }, doc),
    ).toEqual([{ kind: 'subscriber', type: 'mem', name: 'in' }]);
    expect(
      helpTopicsOf({ name: 'c', type: 'CalculationNode', config: { calculator: 'add' } }, doc),
    ).toEqual([{ kind: 'calculator', type: 'AdditionCalculator', name: 'add' }]);
    expect(
      helpTopicsOf(
        { name: 'p', type: 'PublicationNode', config: { publishers: ['out', 'x', 'gone'] } },
        doc,
      ),
    ).toEqual([
      { kind: 'publisher', type: 'kafka', name: 'out' },
      { kind: 'publisher', type: 'custom://mine', name: 'x' },
    ]);
  });
});
