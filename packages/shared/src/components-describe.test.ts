import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  calculatorConfigSchemas,
  publisherConfigSchemas,
  subscriberConfigSchemas,
  transformerConfigSchemas,
} from './components';

/** The config fields of a schema without a description, as the help shows them (JSON Schema). */
function undescribed(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
  };
  return Object.entries(json.properties ?? {})
    .filter(([, field]) => !field.description)
    .map(([name]) => name);
}

describe('every config field of a built-in component has a description (its help shows it)', () => {
  const groups = {
    calculator: calculatorConfigSchemas,
    transformer: transformerConfigSchemas,
    subscriber: subscriberConfigSchemas,
    publisher: publisherConfigSchemas,
  };
  const all = Object.entries(groups).flatMap(([kind, schemas]) =>
    Object.entries(schemas).map(([type, schema]): [string, string, z.ZodType] => [
      kind,
      type,
      schema,
    ]),
  );

  it.each(all)('%s %s', (_kind, _type, schema) => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('finds a field without one', () => {
    expect(undescribed(z.object({ a: z.string().describe('A'), b: z.number() }))).toEqual(['b']);
  });
});
