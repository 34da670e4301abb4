import type { Kind } from '../../theme';
import type { NodeSpec } from './model';

export function kindOfNode(spec: NodeSpec): Kind {
  switch (spec.type) {
    case 'SubscriptionNode':
      return 'subscriber';
    case 'PublicationNode':
      return 'publisher';
    case 'MetronomeNode':
      return 'timer';
    case 'PublisherSinkNode':
    case 'SinkNode':
      return 'sink';
    default:
      return 'calculator';
  }
}
