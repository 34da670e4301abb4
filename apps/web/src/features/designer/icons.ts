/**
 * One icon per kind of component and per type (@tabler/icons-react), for the nodes and the
 * palette: a calculator's operation, a subscriber's or publisher's transport (its address
 * scheme), else its kind's.
 */
import {
  IconArrowBarToDown,
  IconArrowRight,
  IconBraces,
  IconCircleOff,
  IconCpu,
  IconDatabase,
  IconDice5,
  IconEraser,
  IconFile,
  IconFilter,
  IconFilterOff,
  IconLogin2,
  IconMathFunction,
  IconMessages,
  IconMetronome,
  IconPlus,
  IconPuzzle,
  IconSend,
  IconServer,
  IconStack2,
  IconTag,
  IconTransform,
  IconWorld,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import type { Kind } from '../../theme';
import { docIndex } from './doc-index';
import type { DagDoc, NodeSpec } from './model';

export const kindIcons: Readonly<Record<Kind, Icon>> = {
  subscriber: IconLogin2,
  calculator: IconMathFunction,
  transformer: IconTransform,
  publisher: IconSend,
  timer: IconMetronome,
  sink: IconArrowBarToDown,
};

/** Calculators and transformers by operation (the type less its Calculator/Transformer suffix). */
const operationIcons: Readonly<Record<string, Icon>> = {
  Null: IconCircleOff,
  Passthru: IconArrowRight,
  AttributeFilterAway: IconFilterOff,
  AttributeFilter: IconFilter,
  ApplyDefaults: IconEraser,
  Addition: IconPlus,
  Multiplication: IconX,
  AttributeNameChange: IconTag,
  Random: IconDice5,
  Expression: IconBraces,
  Filter: IconFilter,
};

/** Subscribers and publishers by address scheme. */
const schemeIcons: Readonly<Record<string, Icon>> = {
  mem: IconCpu,
  file: IconFile,
  kafka: IconStack2,
  redis: IconDatabase,
  sql: IconDatabase,
  postgres: IconDatabase,
  postgresql: IconDatabase,
  stomp: IconMessages,
  http: IconWorld,
  https: IconWorld,
  metronome: IconMetronome,
  custom: IconPuzzle,
  java: IconServer,
};

const own = <T>(map: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(map, key) ? map[key] : undefined;

/** The icon of a palette entry or component: its type's, else its kind's. */
export function typeIcon(kind: Kind, type: string): Icon {
  const operation = type.replace(/(Data)?(Calculator|Transformer)$/, '');
  const scheme = type.split('://')[0] ?? type;
  return own(operationIcons, operation) ?? own(schemeIcons, scheme) ?? kindIcons[kind];
}

/** What a node's icon depends on: its component's type (or scheme), else its own type. */
export function nodeIconType(spec: NodeSpec, doc: DagDoc): string {
  const index = docIndex(doc);
  switch (spec.type) {
    case 'SubscriptionNode': {
      const source = index.subscribers.get(spec.config.subscriber)?.config.source;
      return typeof source === 'string' ? (source.split(':')[0] ?? '') : '';
    }
    case 'PublicationNode':
    case 'PublisherSinkNode': {
      const first = spec.config.publishers[0];
      const destination = first ? index.publishers.get(first)?.config.destination : undefined;
      return typeof destination === 'string' ? (destination.split(':')[0] ?? '') : '';
    }
    case 'CalculationNode':
      return spec.config.calculator
        ? (index.calculators.get(spec.config.calculator)?.type ?? '')
        : '';
    default:
      return spec.type;
  }
}
