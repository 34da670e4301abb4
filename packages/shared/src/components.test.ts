import { describe, expect, it } from 'vitest';
import {
  addressTemplate,
  fillAddress,
  publisherConfigSchemas,
  subscriberConfigSchemas,
  subscriberSettingsSchema,
} from './components';

describe('address templates', () => {
  it('give each built-in scheme an address its own schema accepts', () => {
    for (const [scheme, schema] of Object.entries(subscriberConfigSchemas)) {
      const source = fillAddress(addressTemplate(scheme), 'orders');
      expect(schema.safeParse({ source }).success, source).toBe(true);
    }
    for (const [scheme, schema] of Object.entries(publisherConfigSchemas)) {
      const destination = fillAddress(addressTemplate(scheme), 'orders');
      expect(schema.safeParse({ destination }).success, destination).toBe(true);
    }
  });

  it('keep a plugin type as it is, and make up NAME://name for another scheme', () => {
    expect(fillAddress(addressTemplate('custom://ticker'), 'x')).toBe('custom://ticker');
    expect(fillAddress(addressTemplate('mem'), 'x')).toBe('mem://queue/x');
    expect(fillAddress(addressTemplate('other'), 'x')).toBe('other://x');
    expect(addressTemplate('constructor')).toBe('constructor://{name}');
  });
});

describe('subscriber settings', () => {
  it('are what every parsed subscriber config holds, typed', () => {
    const parsed = subscriberConfigSchemas.kafka.parse({ source: 'kafka://topic/t' });
    expect(subscriberSettingsSchema.parse(parsed)).toEqual(parsed);
    expect(subscriberSettingsSchema.parse(parsed).max_depth).toBe(10_000);
  });
});
