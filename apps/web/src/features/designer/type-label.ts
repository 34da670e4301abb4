/**
 * A component or node type as a user reads it: `AdditionCalculator` → `Addition`,
 * `SubscriptionNode` → `Subscriber`; the type itself goes in a tooltip. Free of React.
 */
const NODE_LABELS: Readonly<Record<string, string>> = {
  SubscriptionNode: 'Subscriber',
  PublicationNode: 'Publisher',
  CalculationNode: 'Calculation',
  MetronomeNode: 'Metronome',
  PublisherSinkNode: 'Publisher sink',
  SinkNode: 'Sink',
};

/** `AttributeNameChangeCalculator` → `Attribute name change`; `kafka` → `kafka://`. */
export function typeLabel(type: string): string {
  const node = Object.hasOwn(NODE_LABELS, type) ? NODE_LABELS[type] : undefined;
  if (node) return node;
  // Subscriber and publisher types are address schemes.
  if (/^[a-z][a-z0-9+.-]*$/.test(type)) return `${type}://`;
  if (type.includes('://')) return type;
  const words = type
    .replace(/(Data)?(Calculator|Transformer)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  if (!words) return type;
  // Acronyms (JSON) stay as they are; the other words after the first in lower case.
  return words
    .split(' ')
    .map((w, i) => (i === 0 || w === w.toUpperCase() ? w : w.toLowerCase()))
    .join(' ');
}
